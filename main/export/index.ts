import fs from 'node:fs';
import path from 'node:path';
import type { CallDetailView, CallFilter, DashboardCharts, DashboardView, ExportFormat, ShownFilter } from '../../preload/contract.ts';
import { CallcueError } from '../base/errors.ts';
import type { CallFactsRows, CallFilter as StoreFilter, MetadataStore } from '../store/index.ts';
import { figuresByRep } from './by-rep.ts';
import { dashboardCharts } from './charts.ts';
import { toCsv } from './csv.ts';
import { buildDashboard } from './dashboard.ts';
import { callReports } from './facts.ts';
import { reportLabels } from './labels.ts';
import { checkTimeZone, describeRange, shownRange } from './range.ts';
import { writeWhole } from './output-file.ts';
import { reportHtml } from './report-html.ts';
import { exportRows } from './rows.ts';
import { writeXlsxInWorker } from './xlsx-thread.ts';

export type { RepFigures } from './by-rep.ts';
export { freeExportName } from './output-file.ts';
export { checkTimeZone, parseRange, shownRange } from './range.ts';
export { maskPhone } from '../base/mask.ts';

export const exportFormats: ExportFormat[] = ['csv', 'xlsx', 'pdf', 'json'];

/** Where a screen export goes, and whether replacing an existing file there was agreed (the save dialog asked); null: cancelled. */
export type ChooseExportFile = (format: ExportFormat) => Promise<{ file: string; replace: boolean } | null>;

/** Prints a static HTML page to PDF: Electron's printToPDF in the app, an installed Chromium headless (pdf.ts). */
export type PdfPrinter = (html: string) => Promise<Buffer>;

export interface ExportRequest {
  filter: CallFilter;
  format: ExportFormat;
  /** UI language of labels, sheet names and the PDF. */
  language: string;
  /** Days and times in this zone (default: the service's). */
  timeZone?: string;
}

/** A team export's calls (read from the team store by a manager) and whose each call is. */
export type TeamFacts = CallFactsRows & { repOf: Map<string, string> };

export interface ReportDeps {
  store: () => Promise<MetadataStore>;
  /** Business lines' titles per language, for labels. */
  pluginTitles: () => Map<string, Record<string, string>>;
  printPdf: PdfPrinter;
  /** The built xlsx-worker.cjs in the packaged app (default: xlsx-worker.ts from source). */
  xlsxWorker?: string;
  /** Days and times in reports are in this zone (default: this PC's). */
  timeZone?: string;
}

/** Manager views and exports, from intent metadata only: call summaries, the dashboard, CSV/XLSX/PDF/JSON files. */
export class ReportService {
  readonly #deps: ReportDeps;
  readonly timeZone: string;

  constructor(deps: ReportDeps) {
    this.#deps = deps;
    this.timeZone = deps.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  async callDetail(id: string): Promise<CallDetailView> {
    const [report] = await this.#reports({ id });
    if (!report) throw new CallcueError('not_found', `No call ${id} in history.`);
    const { converted: _converted, ...detail } = report;
    return detail;
  }

  async #reports(filter: StoreFilter) {
    return callReports(await (await this.#deps.store()).call('callFacts', filter));
  }

  async dashboard(filter: CallFilter, language: string): Promise<{ view: DashboardView; charts: DashboardCharts }> {
    const view = buildDashboard(await this.#reports(filter), filter, this.timeZone);
    const labels = reportLabels(language, this.#deps.pluginTitles());
    return { view, charts: dashboardCharts(view, labels.t, labels.label) };
  }

  /**
   * The screen's export: exactly what the filter bar shows, to the file `choose` picks (null: cancelled). An invalid
   * range is refused before anything is asked or written; an existing file is replaced only if `choose` says so.
   */
  async exportShown(
    { shown: { from, to, timeZone, ...narrowing }, format, language }: { shown: ShownFilter; format: ExportFormat; language: string },
    choose: ChooseExportFile,
  ): Promise<{ file: string | null; calls: number }> {
    const zone = checkTimeZone(timeZone);
    const filter = { ...narrowing, ...shownRange({ from, to }, zone) };
    const target = await choose(format);
    if (!target) return { file: null, calls: 0 };
    return this.exportTo(target.file, { filter, format, language, timeZone: zone }, { replace: target.replace });
  }

  /** Writes an export of the calls a filter covers to a new file (see writeWhole). An empty range still gives a valid file with headers. */
  async exportTo(file: string, request: ExportRequest, { replace = false }: { replace?: boolean } = {}): Promise<{ file: string; calls: number }> {
    const target = path.resolve(file);
    const calls = await writeWhole(target, replace, (part) => this.#write(part, request));
    return { file: target, calls };
  }

  /**
   * The team's export: the same files from calls the team store holds, each row with its rep, and per-rep figures
   * (calls, outcomes, top objections, conversion, suggestions used) in JSON, the XLSX summary and the PDF.
   */
  async exportTeamTo(file: string, request: ExportRequest, facts: TeamFacts, { replace = false }: { replace?: boolean } = {}): Promise<{ file: string; calls: number }> {
    const target = path.resolve(file);
    const calls = await writeWhole(target, replace, (part) => this.#write(part, request, facts));
    return { file: target, calls };
  }

  /** Writes one export to `part` (this PC's calls, or the team's given); answers how many calls it holds. */
  async #write(part: string, { filter, format, language, timeZone = this.timeZone }: ExportRequest, team?: TeamFacts): Promise<number> {
    const reports = team ? callReports(team) : await this.#reports(filter);
    const byRep = team && figuresByRep(reports, team.repOf, filter, timeZone);
    const rows = team ? exportRows(reports, timeZone).map((row) => ({ rep: team.repOf.get(String(row.call_id)) ?? null, ...row })) : exportRows(reports, timeZone);
    const view = buildDashboard(reports, filter, timeZone);
    const range = describeRange(filter, timeZone);
    switch (format) {
      case 'csv':
        fs.writeFileSync(part, toCsv(rows, team ? ['rep'] : []));
        break;
      case 'json':
        fs.writeFileSync(part, `${JSON.stringify({ format: 'callcue-export', version: 1, generatedAt: new Date().toISOString(), timeZone, filter, summary: view, ...(byRep && { byRep }), calls: rows }, null, 2)}\n`);
        break;
      case 'xlsx':
        await writeXlsxInWorker({ file: part, view, rows, language, pluginTitles: [...this.#deps.pluginTitles()], range, byRep }, this.#deps.xlsxWorker);
        break;
      case 'pdf': {
        const labels = reportLabels(language, this.#deps.pluginTitles());
        fs.writeFileSync(part, await this.#deps.printPdf(reportHtml(view, dashboardCharts(view, labels.t, labels.label), rows, labels, range, byRep)));
        break;
      }
    }
    return reports.length;
  }
}

import fs from 'node:fs';
import path from 'node:path';
import type { CallDetailView, CallFilter, CallRow, DashboardCharts, DashboardView, ExportFormat, Scope, ShownFilter, TeamCampaignReport } from '../../preload/contract.ts';
import { CallcueError } from '../base/errors.ts';
import { notJoined } from '../team/credentials.ts';
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

/** A team export's calls (read from the team store by a manager), whose each call is, and (exports) the team campaigns then. */
export type TeamFacts = CallFactsRows & { repOf: Map<string, string>; campaigns?: TeamCampaignReport[] };

/** The team's calls, read from the team store with a manager's login (main/team's teamReports). */
export interface TeamReader {
  facts(filter: StoreFilter): Promise<TeamFacts>;
  list(filter: StoreFilter, limit: number): Promise<CallRow[]>;
  /** The morning report of each team campaign with an attempt in the filter's range. */
  campaignsIn(filter: StoreFilter): Promise<TeamCampaignReport[]>;
}

export interface ReportDeps {
  store: () => Promise<MetadataStore>;
  /** The team's calls, for the manager's team view (none: this service reports on this PC only). */
  team?: TeamReader;
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

  /** History: the newest calls a filter covers, this PC's or (a manager's) the team's with each call's rep. */
  async list(filter: CallFilter, limit: number, scope: Scope = 'pc'): Promise<CallRow[]> {
    return scope === 'team' ? this.#team().list(filter, limit) : (await this.#deps.store()).call('listCalls', { ...filter, limit });
  }

  async callDetail(id: string, scope: Scope = 'pc'): Promise<CallDetailView> {
    const { facts, repOf } = await this.#facts({ id }, scope);
    const [report] = callReports(facts);
    if (!report) throw new CallcueError('not_found', `No call ${id} in history.`);
    const { converted: _converted, ...detail } = report;
    const rep = repOf?.get(id);
    return rep ? { ...detail, call: { ...detail.call, rep } } : detail;
  }

  #team(): TeamReader {
    if (!this.#deps.team) throw notJoined();
    return this.#deps.team;
  }

  async #teamExport(filter: StoreFilter): Promise<TeamFacts> {
    const reader = this.#team();
    const [facts, campaigns] = await Promise.all([reader.facts(filter), reader.campaignsIn(filter)]);
    return { ...facts, campaigns };
  }

  async #facts(filter: StoreFilter, scope: Scope): Promise<{ facts: CallFactsRows; repOf?: Map<string, string> }> {
    if (scope === 'team') {
      const facts = await this.#team().facts(filter);
      return { facts, repOf: facts.repOf };
    }
    return { facts: await (await this.#deps.store()).call('callFacts', filter) };
  }

  /** The dashboard; the team's has each rep's figures too. */
  async dashboard(filter: CallFilter, language: string, scope: Scope = 'pc'): Promise<{ view: DashboardView; charts: DashboardCharts }> {
    const { facts, repOf } = await this.#facts(filter, scope);
    const reports = callReports(facts);
    const view: DashboardView = { ...buildDashboard(reports, filter, this.timeZone), ...(repOf && { byRep: figuresByRep(reports, repOf, filter, this.timeZone) }) };
    const labels = reportLabels(language, this.#deps.pluginTitles());
    return { view, charts: dashboardCharts(view, labels.t, labels.label) };
  }

  /**
   * The screen's export: exactly what the filter bar shows, to the file `choose` picks (null: cancelled). An invalid
   * range is refused before anything is asked or written; an existing file is replaced only if `choose` says so.
   */
  async exportShown(
    { shown: { from, to, timeZone, ...narrowing }, format, language, scope = 'pc' }: { shown: ShownFilter; format: ExportFormat; language: string; scope?: Scope },
    choose: ChooseExportFile,
  ): Promise<{ file: string | null; calls: number }> {
    const zone = checkTimeZone(timeZone);
    const filter = { ...narrowing, ...shownRange({ from, to }, zone) };
    // The team's calls are read before the dialog: a rep's login or an unreachable store is said before a file is chosen.
    const team = scope === 'team' ? await this.#teamExport(filter) : undefined;
    const target = await choose(format);
    if (!target) return { file: null, calls: 0 };
    return this.#writeFile(target.file, { filter, format, language, timeZone: zone }, target.replace, team);
  }

  /**
   * Writes an export of the calls a filter covers to a new file (see writeWhole); an empty range still gives a valid
   * file with headers. The team's (a manager's login) has each row's rep, and per-rep figures (calls, outcomes, top
   * objections, conversion, suggestions used) in JSON, the XLSX summary and the PDF.
   */
  async exportTo(file: string, request: ExportRequest, { replace = false, scope = 'pc' }: { replace?: boolean; scope?: Scope } = {}): Promise<{ file: string; calls: number }> {
    return this.#writeFile(file, request, replace, scope === 'team' ? await this.#teamExport(request.filter) : undefined);
  }

  async #writeFile(file: string, request: ExportRequest, replace: boolean, team: TeamFacts | undefined): Promise<{ file: string; calls: number }> {
    const target = path.resolve(file);
    const calls = await writeWhole(target, replace, (part) => this.#write(part, request, team));
    return { file: target, calls };
  }

  /** Writes one export to `part` (this PC's calls, or the team's given); answers how many calls it holds. */
  async #write(part: string, { filter, format, language, timeZone = this.timeZone }: ExportRequest, team?: TeamFacts): Promise<number> {
    const reports = callReports(team ?? (await this.#facts(filter, 'pc')).facts);
    const sections = team && { byRep: figuresByRep(reports, team.repOf, filter, timeZone), campaigns: team.campaigns ?? [] };
    const rows = team ? exportRows(reports, timeZone).map((row) => ({ rep: team.repOf.get(String(row.call_id)) ?? null, ...row })) : exportRows(reports, timeZone);
    const view = buildDashboard(reports, filter, timeZone);
    const range = describeRange(filter, timeZone);
    switch (format) {
      case 'csv':
        fs.writeFileSync(part, toCsv(rows, team ? ['rep'] : []));
        break;
      case 'json':
        fs.writeFileSync(part, `${JSON.stringify({ format: 'callcue-export', version: 1, generatedAt: new Date().toISOString(), timeZone, filter, summary: view, ...sections, calls: rows }, null, 2)}\n`);
        break;
      case 'xlsx':
        await writeXlsxInWorker({ file: part, view, rows, language, pluginTitles: [...this.#deps.pluginTitles()], range, team: sections }, this.#deps.xlsxWorker);
        break;
      case 'pdf': {
        const labels = reportLabels(language, this.#deps.pluginTitles());
        fs.writeFileSync(part, await this.#deps.printPdf(reportHtml(view, dashboardCharts(view, labels.t, labels.label), rows, labels, range, sections)));
        break;
      }
    }
    return reports.length;
  }
}

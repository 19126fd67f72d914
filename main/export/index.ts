import fs from 'node:fs';
import path from 'node:path';
import type { CallDetailView, CallFilter, DashboardCharts, DashboardView, ExportFormat } from '../../preload/contract.ts';
import { CallcueError, errorMessage } from '../core/errors.ts';
import type { CallFilter as StoreFilter, MetadataStore } from '../store/index.ts';
import { dashboardCharts } from './charts.ts';
import { toCsv } from './csv.ts';
import { buildDashboard } from './dashboard.ts';
import { callReports } from './facts.ts';
import { reportLabels } from './labels.ts';
import { describeRange } from './range.ts';
import { reportHtml } from './report-html.ts';
import { exportRows } from './rows.ts';
import { toXlsx } from './xlsx.ts';

export { checkTimeZone, parseRange } from './range.ts';
export { maskPhone } from './mask.ts';

export const exportFormats: ExportFormat[] = ['csv', 'xlsx', 'pdf', 'json'];

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

export interface ReportDeps {
  store: () => Promise<MetadataStore>;
  /** Business lines' titles per language, for labels. */
  pluginTitles: () => Map<string, Record<string, string>>;
  printPdf: PdfPrinter;
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

  /** The export file's bytes for the calls a filter covers. An empty range still gives a valid file with headers. */
  async render({ filter, format, language, timeZone = this.timeZone }: ExportRequest): Promise<{ data: Buffer; calls: number }> {
    const reports = await this.#reports(filter);
    const rows = exportRows(reports, timeZone);
    const view = buildDashboard(reports, filter, timeZone);
    const labels = reportLabels(language, this.#deps.pluginTitles());
    const range = describeRange(filter, timeZone);
    const calls = reports.length;
    switch (format) {
      case 'csv':
        return { data: toCsv(rows), calls };
      case 'json':
        return { data: Buffer.from(`${JSON.stringify({ format: 'callcue-export', version: 1, generatedAt: new Date().toISOString(), timeZone, filter, summary: view, calls: rows }, null, 2)}\n`), calls };
      case 'xlsx':
        return { data: await toXlsx(view, rows, labels, range), calls };
      case 'pdf':
        return { data: await this.#deps.printPdf(reportHtml(view, dashboardCharts(view, labels.t, labels.label), rows, labels, range)), calls };
    }
  }

  /** Writes an export: the folder is checked first, the file written whole or not at all (an existing file is replaced only on success). */
  async exportTo(file: string, request: ExportRequest): Promise<{ file: string; calls: number }> {
    const target = path.resolve(file);
    checkWritable(path.dirname(target));
    const { data, calls } = await this.render(request);
    const partial = `${target}.${process.pid}.part`;
    try {
      fs.writeFileSync(partial, data);
      fs.renameSync(partial, target);
    } catch (error) {
      fs.rmSync(partial, { force: true });
      throw new CallcueError('export_unwritable', `Cannot write ${target}: ${errorMessage(error)}`);
    }
    return { file: target, calls };
  }
}

function checkWritable(dir: string): void {
  try {
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a folder');
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the folder does not exist' : (error as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : errorMessage(error);
    throw new CallcueError('export_unwritable', `Cannot write the export to ${dir}: ${reason}.`);
  }
}

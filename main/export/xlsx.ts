import { once } from 'node:events';
import fs from 'node:fs';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import type { DashboardView } from '../../preload/contract.ts';
import type { TeamSections } from './by-rep.ts';
import { campaignTables } from './campaign-tables.ts';
import type { ReportLabels } from './labels.ts';
import { columns, repColumn, type Cell } from './rows.ts';

/** An ISO time with offset as the wall-clock Date Excel shows (Excel dates carry no zone). */
const excelTime = (iso: string) => new Date(`${iso.slice(0, 19)}Z`);

/** Rows between pauses that let the zip stream drain: without them a sheet's XML piles up in memory until the end. */
const ROWS_PER_SLICE = 1000;

/** Done with a sheet: the streamed writer writes it out and frees it. exceljs's in-memory sheet (the bench's old path) keeps all and has no commit. */
const finish = (sheet: ExcelJS.Worksheet) => (sheet as Partial<Pick<ExcelJS.Worksheet, 'commit'>>).commit?.();

/** XLSX streamed to a file: rows are committed as they are written, so memory stays flat however many calls there are. */
export async function writeXlsx(file: string, view: DashboardView, rows: Record<string, Cell>[], labels: ReportLabels, range: string, team?: TeamSections): Promise<void> {
  const stream = fs.createWriteStream(file);
  // Styles carry the fonts and number formats. Shared strings and zlib level 6 keep the file the in-memory writer's size
  // (archiver's default level made 20,000 calls 2.3 MB instead of 1.7 MB).
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true, zip: { zlib: { level: 6 } } });
  try {
    await addSheets(book, view, rows, labels, range, team);
    await book.commit();
    // Closed, not only flushed: Windows cannot rename a file that is still open.
    if (!stream.closed) await once(stream, 'close');
  } finally {
    stream.destroy();
  }
}

/** The sheets: a summary (figures, funnel, objections, by business line, by day; a team's also by rep and its campaigns) and one row per call. */
export async function addSheets(book: ExcelJS.Workbook, view: DashboardView, rows: Record<string, Cell>[], labels: ReportLabels, range: string, team?: TeamSections): Promise<void> {
  const { t, label } = labels;
  book.creator = 'CallCue';
  const summary = book.addWorksheet(t('reports.sheets.summary'));
  summary.columns = [{ width: 34 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 16 }];
  const section = (title: string, header: string[], body: (string | number)[][]) => {
    summary.addRow([]);
    summary.addRow([title]).font = { bold: true, size: 12 };
    summary.addRow(header).font = { bold: true };
    for (const row of body) summary.addRow(row);
  };
  summary.addRow([t('reports.report.title')]).font = { bold: true, size: 14 };
  summary.addRow([t('reports.report.range'), range]);
  const k = view.kpis;
  section(t('reports.kpi.title'), [t('reports.table.figure'), t('reports.table.value')], [
    [t('reports.kpi.calls'), k.calls],
    [t('reports.kpi.converted'), k.converted],
    [t('reports.kpi.conversion'), labels.percent(k.conversionRate)],
    [t('reports.kpi.avgDuration'), labels.duration(k.avgDurationMs)],
    [t('reports.kpi.adoption'), labels.percent(k.adoptionRate)],
    [t('reports.kpi.suggestionsShown'), k.suggestionsShown],
    [t('reports.kpi.suggestionsUsed'), k.suggestionsUsed],
    [t('reports.kpi.optOuts'), k.optOuts],
  ]);
  section(t('reports.charts.funnel'), [t('reports.table.stage'), t('reports.series.calls')], view.funnel.map((f) => [label('stage', f.stage), f.calls]));
  section(t('reports.table.outcomes'), [t('reports.table.outcome'), t('reports.series.calls')], view.outcomes.map((o) => [label('outcome', o.outcome), o.calls]));
  section(
    t('reports.charts.objections'),
    [t('reports.table.objection'), t('reports.series.raised'), t('reports.series.calls'), t('reports.series.converted'), t('reports.table.conversion')],
    view.objections.map((o) => [label('intent', o.intent), o.count, o.calls, o.converted, labels.percent(o.conversionRate)]),
  );
  section(
    t('reports.charts.byPlugin'),
    [t('reports.table.plugin'), t('reports.series.calls'), t('reports.series.converted'), t('reports.kpi.avgDuration'), t('reports.kpi.adoption')],
    view.byPlugin.map((p) => [label('plugin', p.plugin), p.calls, p.converted, labels.duration(p.avgDurationMs), labels.percent(p.adoptionRate)]),
  );
  section(
    t('reports.charts.byDay'),
    [t('reports.table.day'), t('reports.series.calls'), t('reports.series.converted'), t('reports.series.optOuts')],
    view.byDay.map((d) => [d.day, d.calls, d.converted, d.optOuts]),
  );
  if (team) {
    section(
      t('reports.charts.byRep'),
      [t('reports.table.rep'), t('reports.series.calls'), t('reports.series.converted'), t('reports.table.conversion'), t('reports.kpi.suggestionsUsed'), t('reports.kpi.adoption'), t('reports.table.topObjections'), t('reports.table.outcomes')],
      team.byRep.map((r) => [r.rep, r.calls, r.converted, labels.percent(r.conversionRate), r.suggestionsUsed, labels.percent(r.adoptionRate), r.topObjections.map((o) => `${label('intent', o.intent)} (${o.count})`).join(', '), r.outcomes.map((o) => `${label('outcome', o.outcome)} ${o.calls}`).join(', ')]),
    );
  }
  for (const table of team ? campaignTables(team.campaigns, labels) : []) section(table.title, table.header, table.rows);
  finish(summary);

  const calls = book.addWorksheet(t('reports.sheets.calls'), { views: [{ state: 'frozen', ySplit: 1 }] });
  const shown = team ? [repColumn, ...columns] : columns;
  calls.columns = shown.map((c) => ({
    header: t(`reports.columns.${c.id}` as never),
    key: c.id,
    width: c.kind === 'time' ? 20 : c.id === 'call_id' ? 38 : 14,
    style: c.kind === 'time' ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : c.kind === 'seconds' ? { numFmt: '0.0' } : {},
  }));
  calls.getRow(1).font = { bold: true };
  calls.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: shown.length } };
  for (const [i, row] of rows.entries()) {
    calls.addRow(Object.fromEntries(shown.map((c) => [c.id, c.kind === 'time' && typeof row[c.id] === 'string' ? excelTime(row[c.id] as string) : row[c.id]]))).commit();
    if (i % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToIo();
  }
  finish(calls);
}

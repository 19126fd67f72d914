import ExcelJS from 'exceljs';
import type { DashboardView } from '../../preload/contract.ts';
import type { ReportLabels } from './labels.ts';
import { columns, type Cell } from './rows.ts';

/** An ISO time with offset as the wall-clock Date Excel shows (Excel dates carry no zone). */
const excelTime = (iso: string) => new Date(`${iso.slice(0, 19)}Z`);

/** XLSX: a summary sheet (figures, funnel, objections, by business line, by day) and one row per call. */
export async function toXlsx(view: DashboardView, rows: Record<string, Cell>[], labels: ReportLabels, range: string): Promise<Buffer> {
  const { t, label } = labels;
  const book = new ExcelJS.Workbook();
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

  const calls = book.addWorksheet(t('reports.sheets.calls'), { views: [{ state: 'frozen', ySplit: 1 }] });
  calls.columns = columns.map((c) => ({
    header: t(`reports.columns.${c.id}` as never),
    key: c.id,
    width: c.kind === 'time' ? 20 : c.id === 'call_id' ? 38 : 14,
    style: c.kind === 'time' ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : c.kind === 'seconds' ? { numFmt: '0.0' } : {},
  }));
  calls.getRow(1).font = { bold: true };
  for (const row of rows) {
    calls.addRow(Object.fromEntries(columns.map((c) => [c.id, c.kind === 'time' && typeof row[c.id] === 'string' ? excelTime(row[c.id] as string) : row[c.id]])));
  }
  calls.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await book.xlsx.writeBuffer());
}

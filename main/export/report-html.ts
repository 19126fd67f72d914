import * as echarts from 'echarts';
import type { DashboardCharts, DashboardView } from '../../preload/contract.ts';
import type { TeamSections } from './by-rep.ts';
import { campaignTables, type ReportTable } from './campaign-tables.ts';
import type { ReportLabels } from './labels.ts';
import type { Cell } from './rows.ts';

/** A PDF is for reading: beyond this many calls the table points to the CSV/XLSX export. */
export const PDF_CALL_ROWS = 300;
const tableColumns = ['started_at', 'duration_s', 'plugin', 'outcome', 'furthest_stage', 'objections_raised', 'suggestions_used', 'phone'];

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One chart drawn server-side as SVG: the PDF page needs no script. */
export function chartSvg(option: Record<string, unknown>, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The report page Chromium prints: figures, the dashboard's charts, tables, and the first calls. Static HTML, no script. */
export function reportHtml(view: DashboardView, charts: DashboardCharts, rows: Record<string, Cell>[], labels: ReportLabels, range: string, team?: TeamSections): string {
  const { t, label } = labels;
  const k = view.kpis;
  const kpis = [
    [t('reports.kpi.calls'), String(k.calls)],
    [t('reports.kpi.conversion'), labels.percent(k.conversionRate)],
    [t('reports.kpi.avgDuration'), labels.duration(k.avgDurationMs)],
    [t('reports.kpi.adoption'), labels.percent(k.adoptionRate)],
    [t('reports.kpi.optOuts'), String(k.optOuts)],
  ];
  const cell = (id: string, v: Cell) => {
    if (v === null) return '—';
    if (id === 'started_at') return String(v).slice(0, 16).replace('T', ' ');
    if (id === 'plugin') return label('plugin', String(v));
    if (id === 'outcome') return label('outcome', String(v));
    if (id === 'furthest_stage') return label('stage', String(v));
    return String(v);
  };
  const shown = rows.slice(0, PDF_CALL_ROWS);
  const columnsShown = team ? ['rep', ...tableColumns] : tableColumns;
  const table = ({ title, header, rows: body }: ReportTable) => `<h2>${escape(title)}</h2>
<table><thead><tr>${header.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>
${body.map((row) => `<tr>${row.map((v) => `<td>${escape(String(v))}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>`;
  const repTable = team
    ? table({
        title: t('reports.charts.byRep'),
        header: [t('reports.table.rep'), t('reports.series.calls'), t('reports.table.conversion'), t('reports.kpi.suggestionsUsed'), t('reports.table.topObjections')],
        rows: team.byRep.map((r) => [r.rep, r.calls, labels.percent(r.conversionRate), r.suggestionsUsed, r.topObjections.map((o) => `${label('intent', o.intent)} (${o.count})`).join(', ')]),
      })
    : '';
  return `<!doctype html>
<html lang="${labels.language}"><head><meta charset="utf-8"><title>${escape(t('reports.report.title'))}</title>
<style>
  @page { size: A4; margin: 14mm; }
  body { font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif; color: #111827; font-size: 10pt; }
  h1 { font-size: 18pt; margin: 0 0 2mm; } h2 { font-size: 12pt; margin: 6mm 0 2mm; }
  .muted { color: #6b7280; }
  .kpis { display: flex; gap: 3mm; margin: 4mm 0; } .kpi { flex: 1; border: 1px solid #e5e7eb; border-radius: 2mm; padding: 2mm 3mm; }
  .kpi b { display: block; font-size: 15pt; }
  .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm; } .charts svg { width: 100%; height: auto; }
  table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #e5e7eb; padding: 1mm 1.5mm; text-align: left; }
  th { background: #f3f4f6; } tr { break-inside: avoid; } td:first-child { white-space: nowrap; }
</style></head><body>
<h1>${escape(t('reports.report.title'))}</h1>
<p class="muted">${escape(range)} · ${escape(t('reports.report.metadataOnly'))}</p>
<div class="kpis">${kpis.map(([name, value]) => `<div class="kpi"><span class="muted">${escape(name!)}</span><b>${escape(value!)}</b></div>`).join('')}</div>
<div class="charts">${(['funnel', 'objections', 'byDay', 'byPlugin'] as const).map((c) => `<figure data-chart="${c}">${chartSvg(charts[c], 400, 250)}</figure>`).join('')}</div>
<h2>${escape(t('reports.charts.objections'))}</h2>
<table><thead><tr><th>${escape(t('reports.table.objection'))}</th><th>${escape(t('reports.series.raised'))}</th><th>${escape(t('reports.series.calls'))}</th><th>${escape(t('reports.table.conversion'))}</th></tr></thead><tbody>
${view.objections.map((o) => `<tr><td>${escape(label('intent', o.intent))}</td><td>${o.count}</td><td>${o.calls}</td><td>${labels.percent(o.conversionRate)}</td></tr>`).join('\n')}
</tbody></table>
${repTable}
${team ? campaignTables(team.campaigns, labels).map(table).join('\n') : ''}
<h2>${escape(t('reports.sheets.calls'))}</h2>
${rows.length > shown.length ? `<p class="muted">${escape(t('reports.report.firstCalls', { shown: shown.length, total: rows.length }))}</p>` : ''}
<table><thead><tr>${columnsShown.map((id) => `<th>${escape(t(`reports.columns.${id}` as never))}</th>`).join('')}</tr></thead><tbody>
${shown.map((row) => `<tr>${columnsShown.map((id) => `<td>${escape(cell(id, row[id] ?? null))}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>
</body></html>`;
}

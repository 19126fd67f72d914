import type { TFunction } from 'i18next';
import type { DashboardCharts, DashboardView } from '../../preload/contract.ts';

/** Fonts that carry Chinese on each desktop (and on the build machines' Chromium). */
const FONT = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";
/** No red: the third colour is the funnel's objection stage, a normal part of a sale, not an alarm. */
const COLORS = ['#2563eb', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#64748b'];
const percent = (x: number) => `${Math.round(x * 100)}%`;
/**
 * Tooltips drawn by the chart itself (rich text in its SVG) rather than as HTML: ECharts' HTML tooltips carry inline
 * `style` attributes (markers, layout), which the page's CSP (style-src 'self') refuses, about 60 per hover.
 */
const tooltip = (trigger: 'item' | 'axis') => ({ trigger, renderMode: 'richText' });
const base = { animation: false, color: COLORS, textStyle: { fontFamily: FONT }, tooltip: tooltip('item') };
/** About how wide a label is at ECharts' 12 px: CJK characters are full width. */
const labelWidth = (text: string) => [...text].reduce((w, c) => w + (c.codePointAt(0)! >= 0x2e80 ? 12 : 7), 0);

/**
 * The dashboard's charts as ECharts options: plain JSON (no functions), so the same options travel over IPC to the
 * dashboard screen and render server-side into the PDF report.
 */
/** Bars and lines over categories, with a legend below. */
const axisChart = (title: string, categories: string[]) => ({
  ...base,
  tooltip: tooltip('axis'),
  title: { text: title, left: 'center', textStyle: { fontSize: 14, fontFamily: FONT } },
  legend: { bottom: 0, textStyle: { fontFamily: FONT } },
  grid: { left: 8, right: 16, top: 40, bottom: 36, containLabel: true },
  xAxis: { type: 'category', data: categories, axisLabel: { fontFamily: FONT } },
  yAxis: { type: 'value', minInterval: 1, axisLabel: { fontFamily: FONT } },
});

export function dashboardCharts(view: DashboardView, t: TFunction, label: (kind: 'intent' | 'stage' | 'plugin', value: string) => string): DashboardCharts {
  const axis = { axisLabel: { fontFamily: FONT } };
  const conversions = view.objections.map((o) => t('reports.charts.conversionAfter', { rate: percent(o.conversionRate) }));
  // Room right of the longest bar for its label ("100% converted"), which `containLabel` does not count.
  const labelRoom = Math.max(0, ...conversions.map(labelWidth)) + 16;
  return {
    funnel: {
      ...base,
      title: { text: t('reports.charts.funnel'), left: 'center', textStyle: { fontSize: 14, fontFamily: FONT } },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          top: 40,
          bottom: 10,
          minSize: '30%',
          label: { position: 'inside', formatter: '{b}: {c}', color: '#fff', fontFamily: FONT },
          data: view.funnel.map((f) => ({ name: label('stage', f.stage), value: f.calls })),
        },
      ],
    },
    objections: {
      ...base,
      title: { text: t('reports.charts.objections'), left: 'center', textStyle: { fontSize: 14, fontFamily: FONT } },
      grid: { left: 8, right: labelRoom, top: 40, bottom: 10, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, ...axis },
      yAxis: { type: 'category', inverse: true, data: view.objections.map((o) => label('intent', o.intent)), ...axis },
      series: [
        {
          type: 'bar',
          name: t('reports.series.raised'),
          data: view.objections.map((o, i) => ({
            value: o.count,
            label: { show: true, position: 'right', formatter: conversions[i], fontFamily: FONT },
          })),
        },
      ],
    },
    byDay: {
      ...axisChart(t('reports.charts.byDay'), view.byDay.map((d) => d.day.slice(5))),
      series: [
        { type: 'bar', name: t('reports.series.calls'), data: view.byDay.map((d) => d.calls) },
        { type: 'line', name: t('reports.series.converted'), data: view.byDay.map((d) => d.converted) },
        { type: 'line', name: t('reports.series.optOuts'), data: view.byDay.map((d) => d.optOuts) },
      ],
    },
    byPlugin: {
      ...axisChart(t('reports.charts.byPlugin'), view.byPlugin.map((p) => label('plugin', p.plugin))),
      series: [
        { type: 'bar', name: t('reports.series.calls'), data: view.byPlugin.map((p) => p.calls) },
        { type: 'bar', name: t('reports.series.converted'), data: view.byPlugin.map((p) => p.converted) },
      ],
    },
  };
}

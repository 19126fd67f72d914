import { describe, expect, it } from 'vitest';
import type { DashboardView } from '../../preload/contract.ts';
import { dashboardCharts } from '../../main/export/charts.ts';
import { buildDashboard } from '../../main/export/dashboard.ts';
import type { CallReport } from '../../main/export/facts.ts';
import { reportLabels } from '../../main/export/labels.ts';

const DAY = 86_400_000;
/** A call as the dashboard reads it: only the fields it sums. */
const call = (startedAt: number, outcome: string): CallReport =>
  ({
    call: { id: String(startedAt), startedAt, endedAt: startedAt + 60_000, durationMs: 60_000, mode: 'assist', plugin: 'insurance', language: 'en', outcome, finalState: null, phone: null },
    furthestStage: 'objection_handling',
    objections: [{ atMs: 1000, intent: 'objection_price', next: null, handledWith: null }],
    suggestions: { shown: 3, used: 1 },
    converted: outcome === 'sale',
  }) as unknown as CallReport;

describe('dashboard charts', () => {
  const from = Date.UTC(2026, 10, 1);
  const view: DashboardView = buildDashboard([call(from + 2 * DAY + 3600_000, 'sale'), call(from + 5 * DAY, 'not_interested')], { from, to: from + 7 * DAY }, 'UTC');

  it('has a row for every day of the range, quiet days included', () => {
    expect(view.byDay.map((d) => d.day)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07']);
    expect(view.byDay.map((d) => d.calls)).toEqual([0, 0, 1, 0, 0, 1, 0]);
    // An open range runs from the first call's day to the last one's.
    expect(buildDashboard([call(from, 'sale'), call(from + 2 * DAY, 'sale')], {}, 'UTC').byDay.map((d) => d.calls)).toEqual([1, 0, 1]);
  });

  it.each(['en', 'zh-CN'])('%s: tooltips drawn without HTML (the CSP refuses inline styles), a calm objection colour, room for the labels', (language) => {
    const labels = reportLabels(language, new Map());
    const charts = dashboardCharts({ ...view, objections: [{ intent: 'objection_price', count: 9, calls: 2, converted: 2, conversionRate: 1 }] }, labels.t, labels.label);
    for (const chart of Object.values(charts)) expect(chart.tooltip).toMatchObject({ renderMode: 'richText' });
    // The funnel's third stage is the objection stage: not the alarm red it had.
    const colours = charts.funnel.color as string[];
    expect(colours[2]).not.toMatch(/^#(dc2626|ef4444|f00|ff0000)$/i);
    const label = labels.t('reports.charts.conversionAfter', { rate: '100%' });
    expect((charts.objections.grid as { right: number }).right).toBeGreaterThanOrEqual([...label].length * 7);
  });
});

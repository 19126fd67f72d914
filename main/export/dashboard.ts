import type { CallFilter, DashboardView } from '../../preload/contract.ts';
import { FUNNEL, type CallReport } from './facts.ts';

const ratio = (part: number, whole: number) => (whole ? part / whole : 0);
const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

/** A day in the report's time zone, as YYYY-MM-DD. */
export function dayOf(timeZone: string): (ms: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (ms) => format.format(ms);
}

/** Every day from `first` to `last` (YYYY-MM-DD, both included): calendar arithmetic, so no time zone or DST shifts a day. */
function daysFrom(first: string, last: string): string[] {
  const days: string[] = [];
  for (let d = new Date(`${first}T00:00:00Z`); d.toISOString().slice(0, 10) <= last; d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
  return days;
}

/** Longest span drawn day by day; an open or huge range starts at the first call instead (`from: 0` is 1970). */
const MAX_DAYS = 1000;

function tally<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** The manager's dashboard across calls: funnel, outcomes, objections with conversion after each, adoption, by day and by business line. */
export function buildDashboard(reports: CallReport[], filter: CallFilter, timeZone: string): DashboardView {
  const shown = reports.reduce((n, r) => n + r.suggestions.shown, 0);
  const used = reports.reduce((n, r) => n + r.suggestions.used, 0);
  const converted = reports.filter((r) => r.converted).length;
  const durations = (rs: CallReport[]) => rs.flatMap((r) => (r.call.durationMs === null ? [] : [r.call.durationMs]));

  const outcomes = new Map<string, number>();
  const objections = new Map<string, { count: number; calls: number; converted: number }>();
  const days = new Map<string, { day: string; calls: number; converted: number; optOuts: number }>();
  const plugins = new Map<string, CallReport[]>();
  const day = dayOf(timeZone);
  for (const r of reports) {
    tally(outcomes, r.call.outcome);
    for (const intent of new Set(r.objections.map((o) => o.intent))) {
      const o = objections.get(intent) ?? { count: 0, calls: 0, converted: 0 };
      o.count += r.objections.filter((x) => x.intent === intent).length;
      o.calls += 1;
      o.converted += Number(r.converted);
      objections.set(intent, o);
    }
    const d = day(r.call.startedAt);
    const row = days.get(d) ?? { day: d, calls: 0, converted: 0, optOuts: 0 };
    row.calls += 1;
    row.converted += Number(r.converted);
    row.optOuts += Number(r.call.outcome === 'opted_out');
    days.set(d, row);
    const line = plugins.get(r.call.plugin);
    if (line) line.push(r);
    else plugins.set(r.call.plugin, [r]);
  }

  return {
    filter,
    timeZone,
    kpis: {
      calls: reports.length,
      converted,
      conversionRate: ratio(converted, reports.length),
      avgDurationMs: mean(durations(reports)),
      adoptionRate: ratio(used, shown),
      suggestionsShown: shown,
      suggestionsUsed: used,
      optOuts: outcomes.get('opted_out') ?? 0,
    },
    funnel: FUNNEL.map((stage, i) => ({ stage, calls: reports.filter((r) => FUNNEL.indexOf(r.furthestStage) >= i).length })),
    outcomes: [...outcomes].map(([outcome, calls]) => ({ outcome, calls })).sort((a, b) => b.calls - a.calls || a.outcome.localeCompare(b.outcome)),
    objections: [...objections]
      .map(([intent, o]) => ({ intent, ...o, conversionRate: ratio(o.converted, o.calls) }))
      .sort((a, b) => b.count - a.count || a.intent.localeCompare(b.intent)),
    byDay: everyDay(days, filter, day),
    byPlugin: [...plugins]
      .map(([plugin, rs]) => ({
        plugin,
        calls: rs.length,
        converted: rs.filter((r) => r.converted).length,
        avgDurationMs: mean(durations(rs)),
        adoptionRate: ratio(rs.reduce((n, r) => n + r.suggestions.used, 0), rs.reduce((n, r) => n + r.suggestions.shown, 0)),
      }))
      .sort((a, b) => b.calls - a.calls || a.plugin.localeCompare(b.plugin)),
  };
}

/** One row for every day of the range, a day without calls too: a gap in the chart is a quiet day, not a missing one. */
function everyDay(days: Map<string, { day: string; calls: number; converted: number; optOuts: number }>, filter: CallFilter, day: (ms: number) => string) {
  const seen = [...days.keys()].sort();
  if (!seen.length) return [];
  const first = filter.from !== undefined ? day(filter.from) : seen[0]!;
  const last = filter.to !== undefined ? day(filter.to - 1) : seen.at(-1)!;
  const start = Date.parse(last) - Date.parse(first) > MAX_DAYS * 86_400_000 ? seen[0]! : first;
  return daysFrom(start < seen[0]! ? start : seen[0]!, last > seen.at(-1)! ? last : seen.at(-1)!).map((d) => days.get(d) ?? { day: d, calls: 0, converted: 0, optOuts: 0 });
}

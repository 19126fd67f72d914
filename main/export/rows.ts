import type { CallReport } from './facts.ts';
import { wallClock } from '../base/time.ts';


export type Cell = string | number | null;
export type ColumnKind = 'text' | 'number' | 'time' | 'seconds';

/** One exported column: a stable id (CSV/JSON header, translation key for XLSX/PDF) and how to read it off a call. */
interface Column {
  id: string;
  kind: ColumnKind;
  value: (r: CallReport) => Cell | undefined;
}

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);

/** The per-call columns every export format carries: metadata only, the number masked, no words. */
export const columns: Column[] = [
  { id: 'call_id', kind: 'text', value: (r) => r.call.id },
  { id: 'started_at', kind: 'time', value: (r) => r.call.startedAt },
  { id: 'ended_at', kind: 'time', value: (r) => r.call.endedAt },
  { id: 'duration_s', kind: 'seconds', value: (r) => seconds(r.call.durationMs) },
  { id: 'mode', kind: 'text', value: (r) => r.call.mode },
  { id: 'plugin', kind: 'text', value: (r) => r.call.plugin },
  { id: 'language', kind: 'text', value: (r) => r.call.language },
  { id: 'outcome', kind: 'text', value: (r) => r.call.outcome },
  { id: 'final_state', kind: 'text', value: (r) => r.call.finalState },
  { id: 'furthest_stage', kind: 'text', value: (r) => r.furthestStage },
  { id: 'phone', kind: 'text', value: (r) => r.call.phone },
  { id: 'customer_turns', kind: 'number', value: (r) => r.timeline.filter((t) => t.channel === 'customer').length },
  { id: 'rep_turns', kind: 'number', value: (r) => r.timeline.filter((t) => t.channel === 'rep').length },
  { id: 'objections', kind: 'text', value: (r) => [...new Set(r.objections.map((o) => o.intent))].join(';') },
  { id: 'objections_raised', kind: 'number', value: (r) => r.objections.length },
  { id: 'objections_answered', kind: 'number', value: (r) => r.objections.filter((o) => o.handledWith).length },
  { id: 'suggestions_shown', kind: 'number', value: (r) => r.suggestions.shown },
  { id: 'suggestions_used', kind: 'number', value: (r) => r.suggestions.used },
  { id: 'rep_talk_s', kind: 'seconds', value: (r) => seconds(r.talk.repMs) },
  { id: 'customer_talk_s', kind: 'seconds', value: (r) => seconds(r.talk.customerMs) },
];

/** A team export's first column: whose call it is (the rep's name on the team). */
export const repColumn: Column = { id: 'rep', kind: 'text', value: () => null };

/** Each call as export cells, times as ISO 8601 with the report zone's offset. */
export function exportRows(reports: CallReport[], timeZone: string): Record<string, Cell>[] {
  const clock = wallClock(timeZone);
  return reports.map((r) =>
    Object.fromEntries(
      columns.map((c) => {
        const v = c.value(r) ?? null;
        if (c.kind !== 'time' || v === null) return [c.id, v];
        const w = clock(Number(v));
        return [c.id, `${w.date}T${w.time}${w.offset}`];
      }),
    ),
  );
}

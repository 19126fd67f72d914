import type { CallDetailView, FunnelStage } from '../../preload/contract.ts';
import { isObjection } from '../brain/intents.ts';
import type { CallFactsRows } from '../store/index.ts';
import { maskPhone } from '../base/mask.ts';

type Call = CallFactsRows['calls'][number];
type Turn = CallFactsRows['turns'][number];
type Suggestion = CallFactsRows['suggestions'][number];

/** Outcomes that count as a conversion: the customer bought, wants a quote or booked a callback. */
export const CONVERTED = new Set(['sale', 'interested', 'callback_scheduled']);

/** The funnel's steps, and where each playbook stage sits on it ("needs" is part of the pitch; wrap-up closes nothing). */
export const FUNNEL: FunnelStage[] = ['greeting', 'product_intro', 'objection_handling', 'closing'];
const funnelStep: Record<string, number> = { greeting: 0, product_intro: 1, needs: 1, objection_handling: 2, closing: 3 };

/** Everything reports say about one call, derived from its stored metadata only. */
export interface CallReport extends CallDetailView {
  converted: boolean;
}

/** Groups the store's per-table rows by call and summarises each call once. */
export function callReports(rows: CallFactsRows): CallReport[] {
  const turns = groupBy(rows.turns);
  const suggestions = groupBy(rows.suggestions);
  return rows.calls.map((call) => summarizeCall(call, turns.get(call.id) ?? [], suggestions.get(call.id) ?? []));
}

function groupBy<T extends { callId: string }>(items: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.callId);
    if (group) group.push(item);
    else groups.set(item.callId, [item]);
  }
  return groups;
}

export function summarizeCall(call: Call, turns: Turn[], suggestions: Suggestion[]): CallReport {
  let step = 0;
  const talk = { repMs: 0, customerMs: 0 };
  for (const turn of turns) {
    step = Math.max(step, funnelStep[turn.stateTo ?? ''] ?? 0, funnelStep[turn.stateFrom ?? ''] ?? 0);
    talk[turn.channel === 'rep' ? 'repMs' : 'customerMs'] += Math.max(0, turn.endMs - turn.startMs);
  }
  const used = suggestions.filter((s) => s.usedAt !== null);
  const objections = turns
    .filter((t) => t.channel === 'customer' && t.intent && isObjection(t.intent))
    .map((t) => {
      const answer = used.find((s) => s.turnId === t.id);
      return { atMs: t.startMs, intent: t.intent!, next: t.stateTo, handledWith: answer ? { rank: answer.rank, source: answer.source, rule: answer.rule } : null };
    });
  const talked = talk.repMs + talk.customerMs;
  return {
    call: { ...call, phone: call.phone && maskPhone(call.phone) },
    converted: CONVERTED.has(call.outcome),
    furthestStage: FUNNEL[step]!,
    timeline: turns.map((t) => ({ atMs: t.startMs, channel: t.channel, intent: t.intent, confidence: t.confidence, from: t.stateFrom, to: t.stateTo })),
    objections,
    suggestions: { shown: suggestions.length, used: used.length },
    talk: { ...talk, repShare: talked ? talk.repMs / talked : null },
  };
}

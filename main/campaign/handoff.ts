import type { HandoffContext } from '../../preload/contract.ts';
import type { SessionEvent } from '../call/pipeline.ts';
import type { Slots } from '../brain/call.ts';
import { isObjection } from '../brain/intents.ts';
import type { DialLead } from './lead-source.ts';

/**
 * The handoff card of a warm transfer (transfer.ts): what the rep sees before the callee is put through. Built from
 * the call's turns as the brain scored them, never from words: the intents in the order first heard (guesses under
 * the confidence floor left out), the objections among them, the slots, the playbook's stage.
 */
export function handoffContext(lead: DialLead & { name?: string }, call: { events: readonly SessionEvent[]; slots: Slots; stage: string }): HandoffContext {
  const turns = call.events.filter((e): e is Extract<SessionEvent, { type: 'turn' }> => e.type === 'turn');
  const intents = [...new Set(turns.filter((t) => !t.lowConfidence).map((t) => t.intent))];
  const { product, age, cover, callbackAt } = call.slots;
  return {
    plugin: lead.plugin,
    language: lead.language,
    ...(lead.name ? { leadName: lead.name } : { leadLine: lead.line }),
    phone: lead.phone,
    intents,
    objections: intents.filter(isObjection),
    slots: { ...(product !== undefined && { product }), ...(age !== undefined && { age }), ...(cover !== undefined && { cover }), ...(callbackAt !== undefined && { callbackAt }) },
    stage: call.stage,
    turns: turns.length,
  };
}

/**
 * How long the bridge waits for the handoff to be in the team store once the rep has answered: the card is meant to
 * be on the rep's screen before the callee's voice is, but a team store that does not answer must not keep a callee
 * on hold. 3 s: a handoff insert on a LAN takes a few milliseconds, and ringing takes seconds anyway.
 */
export const HANDOFF_WAIT_MS = 3000;

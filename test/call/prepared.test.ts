import { afterEach, describe, expect, it } from 'vitest';
import type { TranscriptEvent } from '../../main/asr/types.ts';
import { BrainRegistry } from '../../main/brain/index.ts';
import { CallSession, type SessionEvent } from '../../main/call/session.ts';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { repoRoot } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const brains = new BrainRegistry(`${repoRoot}/resources`);
let store: MetadataStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const words = (type: 'partial' | 'final', id: string, text: string, t1: number): TranscriptEvent => ({ type, id, channel: 'customer', text, lang: 'en', t0: 0, t1, prob: 0.9, asrMs: 300 });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A customer's turns as the listener reports them with `partials` on: their words so far while they speak, then the
 * end of the turn (when they stopped is `stoppedAt`) and its final words.
 */
async function* heard(stopped: Map<string, number>, say: (rank: number) => Promise<boolean>): AsyncGenerator<TranscriptEvent> {
  // Turn 1: the partial already says what the final will; the rep reads its second line out (key 2).
  yield words('partial', 'c1', 'how much is the health cover', 1500);
  expect(await say(2)).toBe(true);
  await pause(30);
  stopped.set('c1', performance.now());
  await pause(200);
  yield words('partial', 'c1', 'how much is the health cover?', 1800);
  await pause(400);
  yield { type: 'speech_end', id: 'c1', channel: 'customer', t: 2400, stoppedAt: stopped.get('c1')! };
  yield words('final', 'c1', 'how much is the health cover?', 1800);
  // Turn 2: the words so far sound agreeable; the rest is an objection.
  yield words('partial', 'c2', 'yes I see', 4000);
  expect(await say(1)).toBe(true);
  await pause(30);
  stopped.set('c2', performance.now());
  await pause(600);
  yield { type: 'speech_end', id: 'c2', channel: 'customer', t: 5200, stoppedAt: stopped.get('c2')! };
  yield words('final', 'c2', "yes I see, but it's too expensive for me", 4600);
}

describe("suggestions prepared from the customer's words so far (main/call/session.ts)", () => {
  it('shows them before the turn ends, without moving the call; the turn confirms or replaces them, and says when they were on screen', async () => {
    store = await MetadataStore.open({ dataDir: tempDir(), keys: fileKeyStore(tempDir()) });
    const brain = (await brains.brain('insurance')).startCall({ language: 'en', mode: 'assist', timeZone: 'UTC' });
    await brain.hearCustomer('yes sure, go ahead');
    const session = new CallSession(brain, store, { plugin: 'insurance', asr: 'test' });
    const stopped = new Map<string, number>();
    const events: SessionEvent[] = [];
    for await (const e of session.run(heard(stopped, (rank) => session.useSuggestion(rank)))) events.push(e);

    const prepared = events.filter((e) => e.type === 'prepared');
    const turns = events.filter((e) => e.type === 'turn');
    // One prepared answer per change of answer: the same words twice do not say it again.
    expect(prepared.map((p) => [p.id, p.intent])).toEqual([
      ['c1', 'ask_price'],
      ['c2', expect.not.stringMatching(/^objection_price$/)],
    ]);
    // Previews did not move the playbook: each turn moved it from where the turn before left it.
    expect(turns.map((t) => [t.id, t.intent, t.from, t.prepared])).toEqual([
      ['c1', 'ask_price', 'product_intro', 'confirmed'],
      ['c2', 'objection_price', 'needs', 'replaced'],
    ]);
    expect(prepared[0]!.suggestions).toEqual(turns[0]!.suggestions);
    // Confirmed: on screen from its preparation, before the customer stopped (the partial came 30 ms before);
    // replaced: on screen when the turn answered, as without preparation.
    expect(turns[0]!.speech_stop_to_shown_ms).toBeLessThan(0);
    expect(turns[0]!.speech_stop_to_suggestion_ms).toBeGreaterThanOrEqual(600);
    expect(turns[1]!.speech_stop_to_shown_ms).toBe(turns[1]!.speech_stop_to_suggestion_ms);
    const ended = events.at(-1) as Extract<SessionEvent, { type: 'ended' }>;
    expect(ended.prepared).toEqual({ confirmed: 1, replaced: 1 });
    expect(ended.speech_stop_to_shown_ms).toEqual(turns.map((t) => t.speech_stop_to_shown_ms));
    // Only the turns are metadata: nothing prepared is stored. A line said of a prepared answer counts as used with
    // the turn that confirmed it (and the screen keeps it marked); of one replaced, it is not (those lines are gone).
    const stored = (await store.call('getCall', { id: session.callId }))!;
    expect(stored.turns.map((t) => (t as { intent?: string }).intent)).toEqual(['ask_price', 'objection_price']);
    const [c1, c2] = stored.turns.map((t) => (t as unknown as { id: number }).id);
    expect(stored.suggestions.filter((x) => x.usedAt !== null).map((x) => [x.turnId, x.rank])).toEqual([[c1, 2]]);
    expect(stored.suggestions.some((x) => x.turnId === c2)).toBe(true);
    expect(turns.map((t) => t.used)).toEqual([2, undefined]);
  });
});

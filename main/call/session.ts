import { randomUUID } from 'node:crypto';
import type { CallEvent } from '../../preload/contract.ts';
import type { CallBrain, CallMode, TurnResult } from '../brain/index.ts';
import { AsrHealth, appHealth, type TurnOutcome } from '../asr/health.ts';
import type { TranscriptEvent } from '../asr/types.ts';
import { sanitizeEntities, type MetadataStore } from '../store/index.ts';

/** What a session reports: the contract's call events, so the pages and the CLI read the same thing. */
export type SessionEvent = CallEvent;

/**
 * One call in assist mode, headless: transcript events in (from the listener, or a reference script), the sales
 * brain's turns out, and only metadata into the store. The words are shown, never written.
 */
export class CallSession {
  readonly callId = `call-${randomUUID()}`;
  readonly #brain: CallBrain;
  readonly #store: MetadataStore;
  readonly #o: { plugin: string; mode: CallMode; asr: string; now: () => number; phone?: string; health: AsrHealth };
  /** How well this call's customer is heard (the app's, over the last hour, is `health`: System check shows it). */
  readonly #health = new AsrHealth();
  /** How the call ended when the brain cannot know it (an answering machine, a failed line). */
  outcome: string | undefined;
  /**
   * The answer on screen prepared from the customer's words so far: when it was, and a line of it the rep said
   * (kept for the turn that confirms it; gone with a turn that replaces it).
   */
  #prepared: { id: string; at: number; answer: string; used?: { rank: number; at: number } } | undefined;

  constructor(brain: CallBrain, store: MetadataStore, options: { plugin: string; mode?: CallMode; asr: string; now?: () => number; phone?: string; health?: AsrHealth }) {
    this.#brain = brain;
    this.#store = store;
    this.#o = { mode: 'assist', now: Date.now, health: appHealth, ...options };
  }

  async *run(transcript: AsyncIterable<TranscriptEvent>): AsyncGenerator<SessionEvent> {
    const { plugin, mode, asr, now, phone } = this.#o;
    const started = now();
    await this.#store.call('startCall', { id: this.callId, startedAt: started, mode, plugin, language: this.#brain.language, phone });
    yield { type: 'started', callId: this.callId, asr };
    const opening = this.#brain.opening();
    await this.#store.call('recordSuggestions', { callId: this.callId, turnId: null, shownAt: now(), suggestions: opening });
    yield { type: 'opening', state: this.#brain.state, suggestions: opening };
    // Per customer turn: when the listener ended it, and when the customer's voice stopped (earlier, by the pause
    // that ended the turn). The honest latency is from the second: it is what the rep experiences.
    const endedAt = new Map<string, { ended: number; stopped: number }>();
    const latencies: number[] = [];
    const fromStop: number[] = [];
    const shownFromStop: number[] = [];
    const tally = { confirmed: 0, replaced: 0 };
    // Metadata writes go in order behind the call, never in front of the suggestions; the call ends after the last.
    let writes = Promise.resolve();
    const write = (work: () => Promise<unknown>) => {
      writes = writes.then(async () => void (await work()));
    };
    let turns = 0;
    try {
      for await (const event of transcript) {
        if (event.type === 'speech_end') endedAt.set(event.id, { ended: performance.now(), stopped: event.stoppedAt });
        if (event.type === 'error') yield { type: 'error', code: event.code, message: event.message };
        if (event.type === 'merged') {
          if (event.channel === 'customer') yield this.#hearing('merged', 0);
          continue;
        }
        if (event.type === 'unheard') {
          if (event.reason === 'failed') yield { type: 'error', code: 'asr_failed', message: event.message ?? 'Speech recognition failed on a turn.' };
          if (event.channel === 'customer') yield this.#hearing(event.reason, event.lagMs);
          continue;
        }
        if (event.type !== 'partial' && event.type !== 'final') continue;
        yield { type: 'transcript', kind: event.type, id: event.id, channel: event.channel, text: event.text, t0: event.t0, t1: event.t1, asr };
        if (event.type === 'partial') {
          if (event.channel !== 'customer') continue;
          const p = await this.#brain.preview(event.text);
          const answer = answerOf(p);
          // The same answer again: the screen is unchanged, and has been since it was first prepared.
          if (this.#prepared?.id === event.id && this.#prepared.answer === answer) continue;
          this.#prepared = { id: event.id, at: performance.now(), answer };
          yield { type: 'prepared', id: event.id, intent: p.nlu.intent, confidence: p.nlu.confidence, ...(p.lowConfidence && { lowConfidence: true }), state: p.state, goal: p.goal, suggestions: p.suggestions, card: p.card, compliance: p.compliance };
          continue;
        }
        turns++;
        if (event.channel === 'rep') {
          const items = this.#brain.hearRep(event.text);
          write(() => this.#store.call('recordTurn', { callId: this.callId, channel: 'rep', startMs: event.t0, endMs: event.t1 }));
          yield { type: 'checklist', items };
          continue;
        }
        const result = await this.#brain.hearCustomer(event.text);
        const ready = performance.now();
        const at = endedAt.get(event.id) ?? { ended: ready, stopped: ready };
        latencies.push(Math.round(ready - at.ended));
        fromStop.push(Math.round(ready - at.stopped));
        // The prepared answer stays on screen when the turn gives the same: the rep had it from then.
        const mine = this.#prepared?.id === event.id ? this.#prepared : undefined;
        this.#prepared = undefined;
        const kept = mine !== undefined && mine.answer === answerOf(result);
        const used = kept ? mine.used : undefined;
        if (mine) tally[kept ? 'confirmed' : 'replaced']++;
        shownFromStop.push(Math.round((kept ? mine.at : ready) - at.stopped));
        const { nlu, ...rest } = result;
        const shownAt = now();
        write(async () => {
          const turnId = await this.#store.call('recordTurn', {
            callId: this.callId,
            channel: 'customer',
            startMs: event.t0,
            endMs: event.t1,
            intent: nlu.intent,
            confidence: nlu.confidence,
            stateFrom: result.from,
            stateTo: result.state,
            entities: sanitizeEntities(nlu.entities),
          });
          await this.#store.call('recordSuggestions', { callId: this.callId, turnId, shownAt, suggestions: result.suggestions });
          if (used) await this.#store.call('markSuggestionUsed', { callId: this.callId, rank: used.rank, usedAt: used.at });
        });
        yield { type: 'turn', id: event.id, speech_stop_to_suggestion_ms: fromStop.at(-1)!, eot_to_suggestion_ms: latencies.at(-1)!, speech_stop_to_shown_ms: shownFromStop.at(-1)!, ...(mine && { prepared: kept ? ('confirmed' as const) : ('replaced' as const) }), ...(used && { used: used.rank }), asr, intent: nlu.intent, confidence: nlu.confidence, language: nlu.language, ...rest };
        yield this.#hearing('heard', fromStop.at(-1)!);
      }
    } catch (error) {
      this.outcome ??= 'failed';
      throw error;
    } finally {
      await writes.catch(() => undefined);
      await this.#store.call('endCall', { id: this.callId, endedAt: now(), outcome: this.#final(), finalState: this.#brain.state });
    }
    await writes;
    yield { type: 'ended', callId: this.callId, outcome: this.#final(), state: this.#brain.state, turns, speech_stop_to_suggestion_ms: fromStop, eot_to_suggestion_ms: latencies, speech_stop_to_shown_ms: shownFromStop, prepared: tally };
  }

  /** One more customer turn's outcome, for the call screen's "recognition is behind" and the health alert. */
  #hearing(outcome: TurnOutcome, lagMs: number): SessionEvent {
    this.#health.record(outcome);
    this.#o.health.record(outcome);
    const { turns, unheard, merged, alert } = this.#health.report();
    return { type: 'hearing', behindMs: lagMs, merged, unheard, turns, alert };
  }

  #final(): string {
    return this.outcome ?? (this.#brain.outcome === 'in_progress' ? 'completed' : this.#brain.outcome);
  }

  /**
   * The rep pressed 1, 2 or 3: the suggestion of that rank on screen was used. Of a prepared answer, it is stored with
   * the turn that confirms it (nothing of a prepared answer is stored before).
   */
  async useSuggestion(rank: number): Promise<boolean> {
    if (!this.#prepared) return this.#store.call('markSuggestionUsed', { callId: this.callId, rank, usedAt: this.#o.now() });
    this.#prepared.used = { rank, at: this.#o.now() };
    return true;
  }
}

/** What the rep sees of an answer: the lines and the card; the same twice means nothing on screen changed. */
const answerOf = (r: TurnResult) => JSON.stringify([r.suggestions.map((s) => s.text), r.card?.title ?? null, r.compliance ?? null]);

/** A sample call's reference transcript as transcript events, for when no speech model can be had. */
export async function* referenceTranscript(turns: { speaker: 'rep' | 'customer'; text: string }[]): AsyncGenerator<TranscriptEvent> {
  let t = 0;
  for (const [i, turn] of turns.entries()) {
    const id = `${turn.speaker}-${i + 1}`;
    const t1 = t + 400 + turn.text.length * 60;
    yield { type: 'speech_end', id, channel: turn.speaker, t: t1, stoppedAt: performance.now() };
    yield { type: 'final', id, channel: turn.speaker, text: turn.text, lang: 'reference', t0: t, t1, prob: 1, asrMs: 0 };
    t = t1 + 900;
  }
}

import { EventEmitter } from 'node:events';
import type { BrainRegistry } from '../brain/index.ts';
import type { AsrEngine } from '../asr/types.ts';
import type { EndOfTurnJudge } from '../asr/vad.ts';
import type { MetadataStore } from '../store/index.ts';
import type { Voice } from '../tts/index.ts';
import { openingText, runBotCall } from './bot-call.ts';
import type { Lead } from './leads.ts';
import { LeadList, type DialLead, type LeadSource, type SourceState } from './lead-source.ts';
import type { DialResult, Line } from './line.ts';
import type { VoicemailOptions } from './screening.ts';
import type { TransferOptions } from './transfer.ts';
import { errorMessage } from '../base/errors.ts';
import type { CampaignRules, Disposition, SkipReason } from './rules.ts';

/** Above this share of answered calls where the bot did not speak within 2 s, the campaign pauses itself. */
export const MAX_ABANDON_RATE = 0.03;

export type CampaignEvent =
  | { type: 'dial'; phone: string; line: number }
  | { type: 'skip'; phone: string; line: number; reason: SkipReason; detail: string }
  | { type: 'disposition'; phone: string; line: number; disposition: Disposition; callId?: string; detail?: string; callbackAt?: string; firstWordsMs?: number; replyMs?: number[] }
  | { type: 'paused'; reason: 'abandonment' | 'operator' | 'team_stale' | 'manager'; abandonRate?: number }
  | { type: 'resumed' }
  | { type: 'done'; dialled: number; answered: number; skipped: Record<string, number>; dispositions: Record<string, number>; abandonRate: number; stoppedBy: 'finished' | 'until' | 'stopped' | 'abandonment' };

export interface CampaignProgress {
  leads: number;
  processed: number;
  onLine: number;
  paused: boolean;
  dialled: number;
  answered: number;
  abandoned: number;
  skipped: Record<string, number>;
  dispositions: Record<string, number>;
  abandonRate: number;
}

export interface CampaignOptions {
  /** A lead list on this PC; or `source`, e.g. a team's shared campaign (team/lead-source.ts). */
  leads?: Lead[];
  source?: LeadSource;
  rules: CampaignRules;
  line: Line;
  store: MetadataStore;
  brains: BrainRegistry;
  engine: AsrEngine;
  voice: Voice;
  asr: string;
  fixture?: boolean;
  concurrency: number;
  /** Stop dialling at this time (epoch ms); calls in progress finish. */
  until?: number;
  ringSeconds?: number;
  now?: () => number;
  /** Smart Turn, where its model is here (see call/hearing.ts). */
  endOfTurn?: EndOfTurnJudge;
  /**
   * Whether the do-not-call list here is recent enough to dial on (on a team: the team's, mirrored; see
   * team/link.ts). While it is not, dialling pauses and resumes by itself when it is again. Default: always.
   */
  listFresh?: () => boolean;
  /** Answering machines: hang up (default), or leave the message after the beep. */
  voicemail?: VoicemailOptions;
  /** Warm transfer to a rep's phone when a callee asks for a person (transfer.ts). */
  transfer?: TransferOptions;
}

/** How often a campaign paused for a stale list looks whether it is fresh again (and a running one whether it went stale). */
const FRESHNESS_POLL_MS = 250;

/**
 * Works through a lead list: each lead is checked against the rules (do-not-call, consent, calling window in the
 * callee's time, attempts, back-off) right before it is dialled, up to `concurrency` calls at once, until the list is
 * done, `until` comes, `stop()` is called, or the abandonment rate passes 3% (then it pauses itself).
 */
export class Campaign extends EventEmitter {
  readonly #o: CampaignOptions & { ringSeconds: number; now: () => number };
  readonly #source: LeadSource;
  /** Aborts a worker waiting in the source for its next lead (a team's) when the campaign stops. */
  readonly #stopping = new AbortController();
  /** What the workers do next: dial, wait (paused), or stop taking leads. */
  #mode: 'dialling' | 'paused' | 'stopped' = 'dialling';
  /** Why it is paused: a pause for a stale list lifts by itself, the team's when the team resumes, the operator's does not. */
  #pausedFor: 'operator' | 'team_stale' | 'team' | null = null;
  /** Workers waiting out a pause: every one of them goes on at resume or stop. */
  readonly #waiting: (() => void)[] = [];
  readonly #stats = { dialled: 0, answered: 0, abandoned: 0, skipped: {} as Record<string, number>, dispositions: {} as Record<string, number> };
  /** Leads dealt with (dialled to the end, or skipped) and calls on the line now, for progress screens. */
  #processed = 0;
  #onLine = 0;

  constructor(options: CampaignOptions) {
    super();
    this.#o = { ...options, ringSeconds: options.ringSeconds ?? 30, now: options.now ?? Date.now };
    this.#source = options.source ?? new LeadList(options.leads ?? [], { store: options.store, rules: options.rules, now: this.#o.now });
  }

  pause(): void {
    if (this.#mode === 'paused') this.#pausedFor = 'operator'; // held for a stale list: now the operator's to lift
    if (this.#mode !== 'dialling') return;
    this.#mode = 'paused';
    this.#pausedFor = 'operator';
    this.#emit({ type: 'paused', reason: 'operator' });
  }

  /** Dialling goes on; if the do-not-call list is still stale, the next lead pauses it again with that reason. */
  resume(): void {
    if (this.#mode !== 'paused') return;
    this.#mode = 'dialling';
    this.#pausedFor = null;
    this.#emit({ type: 'resumed' });
    for (const go of this.#waiting.splice(0)) go();
  }

  stop(): void {
    this.#mode = 'stopped';
    this.#stopping.abort();
    for (const go of this.#waiting.splice(0)) go();
  }

  get progress(): CampaignProgress {
    return { leads: this.#source.size ?? this.#processed + this.#onLine, processed: this.#processed, onLine: this.#onLine, paused: this.#mode === 'paused', ...structuredClone(this.#stats), abandonRate: this.abandonRate };
  }

  get abandonRate(): number {
    return this.#stats.answered ? this.#stats.abandoned / this.#stats.answered : 0;
  }

  async run(): Promise<Extract<CampaignEvent, { type: 'done' }>> {
    await this.#warmUp();
    let stoppedBy: 'finished' | 'until' | 'stopped' | 'abandonment' = 'finished';
    const stopped = () => (stoppedBy = this.abandonRate > MAX_ABANDON_RATE && !this.#source.sharedAbandonment ? 'abandonment' : 'stopped');
    const watch = setInterval(() => this.#watchList(), FRESHNESS_POLL_MS);
    const unwatch = this.#source.watch?.((state) => this.#sourceState(state));
    const worker = async () => {
      for (;;) {
        // Right before each dial: never on a do-not-call list older than its limit.
        while (this.#mode === 'paused' || this.#holdForStaleList()) await new Promise<void>((resolve) => this.#waiting.push(resolve));
        if (this.#mode === 'stopped') return void stopped();
        if (this.#o.until !== undefined && this.#o.now() >= this.#o.until) {
          stoppedBy = 'until';
          return;
        }
        const lead = await this.#source.next(this.#stopping.signal);
        if (!lead) return void (this.#stopping.signal.aborted && stopped());
        // Paused or stopped while the source looked for it: back it goes, for later or for another PC.
        if (this.#mode !== 'dialling') {
          await this.#source.release(lead);
          continue;
        }
        try {
          await this.#attempt(lead);
        } catch (error) {
          // Whatever one lead does, the others are still called: it is counted as failed and the run goes on.
          this.#count('failed');
          this.#emit({ type: 'disposition', phone: lead.phone, line: lead.line, disposition: 'failed', detail: errorMessage(error) });
        } finally {
          this.#processed++;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.#o.concurrency) }, worker)).finally(() => {
      clearInterval(watch);
      unwatch?.();
    });
    const done = { type: 'done' as const, ...this.#stats, abandonRate: this.abandonRate, stoppedBy };
    this.#emit(done);
    return done;
  }

  async #attempt(lead: DialLead): Promise<void> {
    const decision = await this.#source.clear(lead);
    if (!decision.dial && decision.reason === 'not_now') return;
    if (!decision.dial) {
      this.#stats.skipped[decision.reason] = (this.#stats.skipped[decision.reason] ?? 0) + 1;
      this.#emit({ type: 'skip', phone: lead.phone, line: lead.line, reason: decision.reason, detail: decision.detail });
      return;
    }
    this.#stats.dialled++;
    this.#onLine++;
    // A call that throws is reported failed: it ends that call (and, on a team, its lease), never the campaign.
    let outcome: { disposition: Disposition; abandoned: boolean; callId?: string } = { disposition: 'failed', abandoned: false };
    try {
      outcome = await this.#call(lead);
    } finally {
      this.#onLine--;
      await this.#source.report(lead, outcome);
    }
  }

  async #call(lead: DialLead): Promise<{ disposition: Disposition; abandoned: boolean; callId?: string }> {
    const { store, line } = this.#o;
    this.#emit({ type: 'dial', phone: lead.phone, line: lead.line });
    const dialled = await line.dial(lead.phone, { ringSeconds: this.#o.ringSeconds, language: lead.language, plugin: lead.plugin }).catch((error: unknown): DialResult => ({ answered: false, disposition: 'failed', detail: errorMessage(error) }));
    if (!dialled.answered) {
      // Unanswered attempts count too: they are stored as calls (metadata only) so attempts and back-off see them.
      const id = `call-${crypto.randomUUID()}`;
      const now = this.#o.now();
      await store.call('startCall', { id, startedAt: now, mode: 'auto', plugin: lead.plugin, language: lead.language, phone: lead.phone });
      await store.call('endCall', { id, endedAt: now, outcome: dialled.disposition });
      this.#count(dialled.disposition);
      this.#emit({ type: 'disposition', phone: lead.phone, line: lead.line, disposition: dialled.disposition, callId: id, detail: dialled.detail });
      return { disposition: dialled.disposition, abandoned: false, callId: id };
    }
    this.#stats.answered++;
    // The bot's call reads no name: a team's lead, which has none, goes as it is.
    const result = await runBotCall(dialled.call, lead as Lead, {
      brain: await this.#o.brains.brain(lead.plugin),
      engine: this.#o.engine,
      voice: this.#o.voice,
      store,
      sampleRate: line.sampleRate,
      asr: this.#o.asr,
      fixture: this.#o.fixture,
      endOfTurn: this.#o.endOfTurn,
      voicemail: this.#o.voicemail,
      transfer: this.#o.transfer,
      handoff: this.#o.transfer && this.#source.handoff ? (context) => this.#source.handoff!(lead, { to: this.#o.transfer!.to, context }) : undefined,
      now: this.#o.now,
      doNotCall: async (phone, source) => {
        await store.call('addDoNotCall', { phones: [phone], source, addedAt: this.#o.now() });
        await this.#source.optedOut?.(lead, source);
      },
    });
    if (result.abandoned) this.#stats.abandoned++;
    this.#count(result.disposition);
    this.#emit({ type: 'disposition', phone: lead.phone, line: lead.line, disposition: result.disposition, callId: result.callId, detail: result.detail, callbackAt: result.callbackAt, firstWordsMs: result.firstWordsMs, replyMs: result.replyMs });
    if (this.abandonRate > MAX_ABANDON_RATE && this.#mode === 'dialling' && !this.#source.sharedAbandonment) {
      this.#mode = 'paused';
      this.#emit({ type: 'paused', reason: 'abandonment', abandonRate: this.abandonRate });
      // Nobody resumes a campaign paused for abandonment overnight: stop after the calls in progress.
      this.stop();
    }
    return { disposition: result.disposition, abandoned: result.abandoned, callId: result.callId };
  }

  /**
   * The source's campaign-wide state (a team's): its pause holds every worker here until the team resumes (a pause
   * of the operator's here stays theirs to lift); its stop ends the run after the calls in progress.
   */
  #sourceState(s: SourceState): void {
    if (s.state === 'stopped') return this.stop();
    if (s.state === 'running') {
      if (this.#mode === 'paused' && this.#pausedFor === 'team') this.resume();
      return;
    }
    if (this.#mode !== 'dialling') return;
    this.#mode = 'paused';
    this.#pausedFor = 'team';
    this.#emit({ type: 'paused', reason: s.reason });
  }

  /**
   * Speaks each opening (disclosure + greeting) once before dialling, into the voice's cache: measured, the first
   * call's synthesis took 4 s with eight calls starting together on 2 cores, and a bot silent that long after the
   * answer is an abandoned call.
   */
  async #warmUp(): Promise<void> {
    for (const lead of this.#source.kinds) {
      const brain = await this.#o.brains.brain(lead.plugin);
      await this.#o.voice.say(openingText(brain.startCall({ language: lead.language, mode: 'auto', timeZone: lead.timeZone })), { language: lead.language, sampleRate: this.#o.line.sampleRate, cache: true });
    }
  }

  /** Pauses dialling when the do-not-call list went stale; true when it did. */
  #holdForStaleList(): boolean {
    if (this.#mode !== 'dialling' || !this.#o.listFresh || this.#o.listFresh()) return false;
    this.#mode = 'paused';
    this.#pausedFor = 'team_stale';
    this.#emit({ type: 'paused', reason: 'team_stale' });
    return true;
  }

  /** Shows a stale list as a pause at once (not only at the next lead), and lifts that pause when the list is fresh. */
  #watchList(): void {
    if (this.#mode === 'paused' && this.#pausedFor === 'team_stale' && this.#o.listFresh?.()) this.resume();
    else this.#holdForStaleList();
  }

  #count(disposition: Disposition): void {
    this.#stats.dispositions[disposition] = (this.#stats.dispositions[disposition] ?? 0) + 1;
  }

  #emit(event: CampaignEvent): void {
    this.emit('event', event);
  }
}

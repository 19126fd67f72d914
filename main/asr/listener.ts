import type { EventEmitter } from 'node:events';
import type { AudioFrame, AudioSource, Channel } from '../audio/frames.ts';
import { CallcueError, errorMessage } from '../base/errors.ts';
import { EventQueue } from '../base/event-queue.ts';
import type { Stage } from '../base/stage.ts';
import { isHallucination } from './hallucination.ts';
import { recogniserStage, type Turn } from './recognise.ts';
import type { AsrEngine, AsrLanguage, AsrResult, TranscriptEvent } from './types.ts';
import { vadStage, type EndOfTurnJudge, type SpeechDetector, type VadEvent, type VadSettings } from './vad.ts';

export interface ListenerOptions {
  source: AudioSource;
  engine: AsrEngine & Partial<Pick<EventEmitter, 'on' | 'off'>>;
  /** One detector per channel (each keeps its own state). */
  detector: () => Promise<SpeechDetector>;
  language?: AsrLanguage;
  vad?: Partial<VadSettings>;
  /**
   * The urgent channel's turn so far as partial events: transcribed while they speak (every `partialEveryMs`, last in
   * the recogniser's line) and, with `early`, as recognised at each pause. Suggestions are prepared from them.
   */
  partials?: boolean;
  /** Transcripts with a lower mean token probability are treated as hallucinations (0 for random-weights fixtures). */
  minProb?: number;
  /** The channel whose turns are due at once (assist mode: the customer, whom the suggestions answer); the other's can wait. */
  urgent?: Channel;
  /** Live calls: a turn not recognised within this of the speaker stopping is skipped rather than served late. */
  maxLagMs?: number;
  /** Decides from how someone speaks whether a pause ends their turn (Smart Turn); without one, silence alone does. */
  endOfTurn?: EndOfTurnJudge;
  /**
   * Live calls: the urgent channel's turn is recognised at the speaker's first pause, while its end is still being
   * decided; if the turn ends there, those are its words, ready sooner by the rest of the end-of-turn wait.
   */
  early?: boolean;
}

/** How long the other channel's words may wait behind the urgent one's (the rep's checklist can wait; the suggestion cannot). */
const LATER_MS = 5000;
/** A partial transcript older than this is of no use: it is skipped under load. */
const PARTIAL_MAX_LAG_MS = 1000;

/**
 * Call audio in, speaker-labelled transcript events out. Per channel, two stages (base/stage.ts):
 *
 *   frames ─▶ VAD stage (speech, pauses, end of turn) ─▶ recogniser stage (words, or why there are none) ─▶ events
 *
 * Finals come once per turn, in order per channel. A crash of the Whisper process is reported as an error event while
 * the engine restarts and transcribes the turn again. `stop()` ends the capture and still recognises the last turn.
 */
export class Listener implements AsyncIterable<TranscriptEvent> {
  readonly #o: ListenerOptions & { language: AsrLanguage; minProb: number; urgent: Channel };
  readonly #queue = new EventQueue<TranscriptEvent>();
  readonly #partialBusy = new Set<Channel>();
  readonly #turn = new Map<Channel, string>();
  readonly #finished = new Set<string>();
  /** The urgent channel's turn as recognised at its latest pause, until the speaker goes on or the turn ends. */
  readonly #early = new Map<Channel, { id: string; t1: number; result: Promise<AsrResult>; cancel: AbortController }>();
  #seq = 0;
  #stopped = false;
  readonly done: Promise<void>;

  constructor(options: ListenerOptions) {
    this.#o = { language: 'auto', minProb: 0.2, urgent: 'customer', ...options };
    this.done = this.#run();
  }

  [Symbol.asyncIterator](): AsyncIterator<TranscriptEvent> {
    return this.#queue[Symbol.asyncIterator]();
  }

  /** Stop capturing; the turn in progress is still transcribed. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#o.source.close();
    await this.done;
  }

  async #run(): Promise<void> {
    const { source, engine, language, minProb, maxLagMs } = this.#o;
    const onCrash = ({ restarting }: { restarting: boolean }) =>
      this.#queue.push({
        type: 'error',
        code: 'asr_crashed',
        retryable: restarting,
        message: restarting ? 'Speech recognition crashed and is restarting; the current turn will be transcribed again.' : 'Speech recognition stopped after repeated crashes.',
      });
    engine.on?.('crash', onCrash);
    try {
      const walks = await Promise.all(
        source.channels.map(async (channel) => {
          const vad = vadStage(channel, await this.#o.detector(), this.#o.vad, this.#o.endOfTurn);
          const dueMs = channel === this.#o.urgent ? 0 : LATER_MS;
          const words = recogniserStage(channel, engine, { language, minProb, dueMs, maxLagMs: maxLagMs && maxLagMs + dueMs });
          const heard = (async () => {
            for await (const event of vad) {
              const turn = this.#handle(event);
              if (turn) await words.push(turn);
            }
            await words.end();
          })();
          const said = (async () => {
            for await (const event of words) this.#queue.push(event);
          })();
          return { channel, vad, done: Promise.all([heard, said]) };
        }),
      );
      const vad = new Map<Channel, Stage<AudioFrame, VadEvent>>(walks.map((w) => [w.channel, w.vad]));
      try {
        for await (const frame of source) {
          await vad.get(frame.channel)!.push(frame);
          if (this.#stopped) break;
        }
      } catch (error) {
        if (!this.#stopped) this.#queue.push(errorEvent(error));
      }
      // The source ended or was stopped: each channel's turn in progress is closed and still recognised.
      await Promise.all(walks.map((w) => w.vad.end()));
      await Promise.all(walks.map((w) => w.done));
    } catch (error) {
      this.#queue.push(errorEvent(error));
    } finally {
      engine.off?.('crash', onCrash);
      this.#queue.end();
    }
  }

  /** Passes on what the VAD heard; a finished turn is returned for the recogniser. */
  #handle(event: VadEvent): Turn | undefined {
    const { channel } = event;
    if (event.type === 'speech_start') {
      const id = `${channel}-${++this.#seq}`;
      this.#turn.set(channel, id);
      this.#queue.push({ type: 'speech_start', id, channel, t: event.t });
      return;
    }
    const id = this.#turn.get(channel) ?? `${channel}-${++this.#seq}`;
    if (event.type === 'speech_confirmed' || event.type === 'speech_dropped') {
      this.#queue.push({ type: event.type, id, channel, t: event.t });
      return;
    }
    if (event.type === 'speech_progress') return void this.#partial(id, event);
    if (event.type === 'speech_paused') return void this.#recogniseEarly(id, event);
    const early = this.#early.get(channel);
    this.#early.delete(channel);
    if (event.type === 'speech_resumed') return void early?.cancel.abort();
    this.#finished.add(id);
    this.#queue.push({ type: 'speech_end', id, channel, t: event.t1, stoppedAt: event.stoppedAt });
    // The turn ended where the speaker paused: the early recognition heard these very samples.
    const same = early?.id === id && early.t1 === event.t1;
    if (!same) early?.cancel.abort();
    return { id, channel, audio: event.audio, t0: event.t0, t1: event.t1, stoppedAt: event.stoppedAt, early: same ? early.result : undefined };
  }

  /** The urgent channel's turn so far, at the speaker's pause, at the priority its final would have. */
  #recogniseEarly(id: string, event: Extract<VadEvent, { type: 'speech_paused' }>): void {
    const { engine, language, early, urgent } = this.#o;
    if (!early || event.channel !== urgent) return;
    this.#early.get(event.channel)?.cancel.abort();
    const cancel = new AbortController();
    // Queued as the final would be (under load it is then served sooner by the rest of the end-of-turn wait); if the
    // speaker goes on while it still waits, it is dropped. Measured with 8 calls on one recogniser: p95 2.7-2.9 s
    // queued, against 3.1-3.2 s when only an idle recogniser took it and 3.1-3.6 s without early recognition.
    const result = engine.transcribe(event.audio, { language, deadline: event.stoppedAt, signal: cancel.signal });
    // Unused when the speaker goes on: its failure is nobody's.
    result.catch(() => undefined);
    const entry = { id, t1: event.t1, result, cancel };
    this.#early.set(event.channel, entry);
    // Still pausing when the words come: they are the turn so far (if it ends here, the final follows with them).
    if (this.#o.partials) void result.then((r) => this.#early.get(event.channel) === entry && this.#pushPartial(id, event, r), () => undefined);
  }

  /** The turn so far, when the engine has nothing more pressing: last in line, and skipped when it would come late. */
  #partial(id: string, event: Extract<VadEvent, { type: 'speech_progress' }>): void {
    const { engine, language, partials, urgent } = this.#o;
    const { channel } = event;
    if (!partials || channel !== urgent || this.#partialBusy.has(channel)) return;
    this.#partialBusy.add(channel);
    engine
      .transcribe(event.audio, { language, expiresAt: performance.now() + PARTIAL_MAX_LAG_MS, draft: true })
      .then((r) => this.#pushPartial(id, event, r))
      .catch(() => {})
      .finally(() => this.#partialBusy.delete(channel));
  }

  #pushPartial(id: string, { channel, t0, t1 }: { channel: Channel; t0: number; t1: number }, r: AsrResult): void {
    if (!this.#finished.has(id) && !isHallucination(r.text, r.prob, this.#o.minProb)) this.#queue.push({ type: 'partial', id, channel, text: r.text, lang: r.language, t0, t1, prob: r.prob, asrMs: r.ms });
  }
}

function errorEvent(error: unknown, channel?: Channel): TranscriptEvent {
  const e = error instanceof CallcueError ? error : undefined;
  return { type: 'error', channel, code: e?.code ?? 'listener_failed', message: errorMessage(error), retryable: e?.retryable ?? false };
}

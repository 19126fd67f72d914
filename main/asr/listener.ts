import type { EventEmitter } from 'node:events';
import type { AudioFrame, AudioSource, Channel } from '../audio/frames.ts';
import { CallcueError, errorMessage } from '../base/errors.ts';
import { EventQueue } from '../base/event-queue.ts';
import { isHallucination } from './hallucination.ts';
import type { AsrEngine, AsrLanguage, TranscriptEvent } from './types.ts';
import type { Stage } from '../base/stage.ts';
import { vadStage, type EndOfTurnJudge, type SpeechDetector, type VadEvent, type VadSettings } from './vad.ts';

export interface ListenerOptions {
  source: AudioSource;
  engine: AsrEngine & Partial<Pick<EventEmitter, 'on' | 'off'>>;
  /** One detector per channel (each keeps its own state). */
  detector: () => Promise<SpeechDetector>;
  language?: AsrLanguage;
  vad?: Partial<VadSettings>;
  /** Transcribe the turn so far while someone speaks, when the engine is idle for that channel. */
  partials?: boolean;
  /** Turns awaiting their final transcript before the listener stops reading audio (backpressure). */
  maxPending?: number;
  /** Transcripts with a lower mean token probability are treated as hallucinations (0 for random-weights fixtures). */
  minProb?: number;
  /** The channel whose turns are transcribed first (assist mode: the customer, whom the suggestions answer). */
  urgent?: Channel;
  /** Decides from how someone speaks whether a pause ends their turn (Smart Turn); without one, silence alone does. */
  endOfTurn?: EndOfTurnJudge;
}

/**
 * Call audio in, speaker-labelled transcript events out: source -> VAD -> Whisper per channel.
 * Finals come once per turn, in order per channel; a crash of the Whisper process is reported as an error event
 * while the engine restarts and transcribes the turn again. `stop()` ends the capture and flushes the last turn.
 */
export class Listener implements AsyncIterable<TranscriptEvent> {
  readonly #o: Required<Omit<ListenerOptions, 'vad' | 'endOfTurn'>> & Pick<ListenerOptions, 'endOfTurn'> & { vad: Partial<VadSettings> };
  readonly #queue = new EventQueue<TranscriptEvent>();
  readonly #pending = new Set<Promise<void>>();
  readonly #partialBusy = new Set<Channel>();
  readonly #turn = new Map<Channel, string>();
  readonly #finished = new Set<string>();
  #seq = 0;
  #stopped = false;
  readonly done: Promise<void>;

  constructor(options: ListenerOptions) {
    this.#o = { language: 'auto', vad: {}, partials: false, maxPending: 3, minProb: 0.2, urgent: 'customer', ...options };
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
    const { source, engine } = this.#o;
    const onCrash = ({ restarting }: { restarting: boolean }) =>
      this.#queue.push({
        type: 'error',
        code: 'asr_crashed',
        retryable: restarting,
        message: restarting ? 'Speech recognition crashed and is restarting; the current turn will be transcribed again.' : 'Speech recognition stopped after repeated crashes.',
      });
    engine.on?.('crash', onCrash);
    try {
      // One VAD stage per channel; its events are handled as they come out, in order per channel.
      const vad = new Map<Channel, Stage<AudioFrame, VadEvent>>();
      for (const channel of source.channels) vad.set(channel, vadStage(channel, await this.#o.detector(), this.#o.vad, this.#o.endOfTurn));
      const heard = [...vad.values()].map(async (stage) => {
        for await (const event of stage) this.#handle(event);
      });
      try {
        for await (const frame of source) {
          await vad.get(frame.channel)!.push(frame);
          while (this.#pending.size >= this.#o.maxPending) await Promise.race(this.#pending);
          if (this.#stopped) break;
        }
      } catch (error) {
        if (!this.#stopped) this.#queue.push(errorEvent(error));
      }
      // The source ended or was stopped: each channel's turn in progress is closed and still transcribed.
      await Promise.all([...vad.values()].map((stage) => stage.end()));
      await Promise.all(heard);
      await Promise.all(this.#pending);
    } catch (error) {
      this.#queue.push(errorEvent(error));
    } finally {
      engine.off?.('crash', onCrash);
      this.#queue.end();
    }
  }

  #handle(event: VadEvent): void {
    const { engine, language } = this.#o;
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
    if (event.type === 'speech_progress') {
      if (!this.#o.partials || this.#partialBusy.has(channel)) return;
      this.#partialBusy.add(channel);
      engine
        .transcribe(event.audio, { language })
        .then((r) => {
          if (!this.#finished.has(id) && !isHallucination(r.text, r.prob, this.#o.minProb)) this.#queue.push({ type: 'partial', id, channel, text: r.text, lang: r.language, t0: event.t0, t1: event.t1, prob: r.prob, asrMs: r.ms });
        })
        .catch(() => {})
        .finally(() => this.#partialBusy.delete(channel));
      return;
    }
    this.#finished.add(id);
    this.#queue.push({ type: 'speech_end', id, channel, t: event.t1, stoppedAt: event.stoppedAt });
    const job = engine
      .transcribe(event.audio, { language, urgent: channel === this.#o.urgent })
      .then(
        (r) => {
          if (!isHallucination(r.text, r.prob, this.#o.minProb)) this.#queue.push({ type: 'final', id, channel, text: r.text, lang: r.language, t0: event.t0, t1: event.t1, prob: r.prob, asrMs: r.ms });
        },
        (error: unknown) => this.#queue.push(errorEvent(error, channel)),
      )
      .finally(() => this.#pending.delete(job));
    this.#pending.add(job);
  }
}

function errorEvent(error: unknown, channel?: Channel): TranscriptEvent {
  const e = error instanceof CallcueError ? error : undefined;
  return { type: 'error', channel, code: e?.code ?? 'listener_failed', message: errorMessage(error), retryable: e?.retryable ?? false };
}

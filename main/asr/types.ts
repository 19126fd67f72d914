import type { Channel } from '../audio/frames.ts';

export type AsrLanguage = 'en' | 'zh' | 'auto';

export interface AsrOptions {
  language?: AsrLanguage;
  /**
   * When the result is wanted (performance clock): the recogniser serves the earliest deadline first, so a customer's
   * turn (due at once: the suggestion waits for it) goes before the rep's (due later: the checklist can wait).
   */
  deadline?: number;
  /** Past this (performance clock) a request still waiting is not served (`asr_late`): a partial transcript, say. */
  expiresAt?: number;
  /** Once aborted, a request still waiting is not served (`asr_cancelled`): an early recognition the speaker talked over. */
  signal?: AbortSignal;
  /**
   * The words so far, for a preview (a partial transcript): one quick pass is enough. Whisper decodes greedily and
   * never again at higher temperatures (audio cut mid-word looks unreliable and set off up to five decodes, holding the
   * turn's final behind them: 2.6 s once on the JFK clip).
   */
  draft?: boolean;
}

export interface AsrResult {
  text: string;
  /** The language Whisper used (detected when `auto`). */
  language: string;
  /** Mean token probability, 0-1. */
  prob: number;
  /** Time spent in the engine. */
  ms: number;
}

/** A speech recogniser that keeps its model loaded and answers one utterance at a time. */
export interface AsrEngine {
  readonly info: { engine: string; model: string; backend: string; threads: number; loadMs: number };
  transcribe(pcm: Float32Array, options?: AsrOptions): Promise<AsrResult>;
  close(): Promise<void>;
}

/** What the listener emits: speaker-labelled text with timings (ms from the start of the capture). */
export type TranscriptEvent =
  | { type: 'speech_start' | 'speech_confirmed' | 'speech_dropped'; id: string; channel: Channel; t: number }
  /** `stoppedAt`: when the speaker's last voiced frame came in (performance clock). */
  | { type: 'speech_end'; id: string; channel: Channel; t: number; stoppedAt: number }
  | { type: 'partial' | 'final'; id: string; channel: Channel; text: string; lang: string; t0: number; t1: number; prob: number; asrMs: number }
  /**
   * A turn that ended without words: recognition `failed`, or came back `unclear` (below the confidence floor: noise,
   * or a hallucination). `lagMs`: how long after the speaker stopped this was decided.
   */
  | { type: 'unheard'; id: string; channel: Channel; reason: 'failed' | 'unclear'; lagMs: number; message?: string }
  /** Live calls under load: a turn the recogniser could not reach in time, recognised with the later turn `into`. */
  | { type: 'merged'; id: string; into: string; channel: Channel }
  | { type: 'error'; channel?: Channel; code: string; message: string; retryable: boolean };

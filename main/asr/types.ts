import type { Channel } from '../audio/frames.ts';

export type AsrLanguage = 'en' | 'zh' | 'auto';

export interface AsrOptions {
  language?: AsrLanguage;
  /** Urgent turns (the customer's, which the suggestions wait for) go before waiting ones. */
  urgent?: boolean;
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
  | { type: 'error'; channel?: Channel; code: string; message: string; retryable: boolean };

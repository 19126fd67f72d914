import type { AudioSource } from '../audio/frames.ts';

/** An answered call on a line: the callee's voice in, the bot's voice out, keys pressed, hang-up either way. */
export interface LineCall {
  /** The callee, as 16 kHz frames on the customer channel. */
  readonly audio: AudioSource;
  /**
   * Plays samples at the line's rate; resolves when played, or at once when cut short by `stopSpeaking()`. `more`:
   * the same line goes on with another piece (sentence by sentence), so the far end does not take it as finished.
   */
  say(samples: Int16Array, options?: { more?: boolean }): Promise<void>;
  /** Drops the rest of what the bot is saying (the callee took the turn). */
  stopSpeaking(): void;
  /** Pauses the bot's line without losing it (silence goes out); `hold(false)` goes on where it stopped. */
  hold(on: boolean): void;
  onDtmf(listener: (digit: string) => void): void;
  hangUp(): Promise<void>;
  /** Settles when the callee hangs up. */
  readonly remoteHangUp: Promise<void>;
  /**
   * Warm transfer (transfer.ts), on lines that can: calls `target` (a rep's phone) and, once it answers and `ready` has
   * settled (the bot's "one moment" is said), connects the callee and the rep, audio both ways, until either hangs up;
   * then the other is hung up and `ended` settles with who hung up first. `signal` gives up on the rep early.
   */
  transfer?(target: string, options: { ringSeconds: number; signal?: AbortSignal; ready?: Promise<unknown> }): Promise<TransferResult>;
}

export type TransferResult = { connected: true; ended: Promise<'callee' | 'rep'> } | { connected: false; detail: string };

export type DialResult = { answered: true; call: LineCall } | { answered: false; disposition: 'busy' | 'no_answer' | 'failed'; detail: string };

/** Where the autopilot's calls go: the company's SIP system, or a virtual line for demos and soak tests. */
export interface Line {
  readonly name: string;
  /** Sample rate of what `say` takes. */
  readonly sampleRate: number;
  dial(phone: string, options: { ringSeconds: number; language: 'en' | 'zh-CN'; plugin: string }): Promise<DialResult>;
  close(): Promise<void>;
}

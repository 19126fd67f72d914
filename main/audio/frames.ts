import { EventQueue } from '../base/event-queue.ts';

/** Who is speaking: the rep's microphone, or the customer through the softphone. */
export type Channel = 'rep' | 'customer';
export const channels: readonly Channel[] = ['rep', 'customer'];

/** Every stage after a source speaks 16 kHz mono float PCM, in frames of 512 samples (32 ms, Silero VAD's window). */
export const SAMPLE_RATE = 16000;
export const FRAME_SAMPLES = 512;
export const FRAME_MS = (FRAME_SAMPLES / SAMPLE_RATE) * 1000;

export interface AudioFrame {
  channel: Channel;
  samples: Float32Array;
  /** Start of the frame, ms since the source started (monotonic). */
  t: number;
}

/**
 * The queue between a live capture and its reader. Live audio cannot wait: a reader more than about 10 s behind
 * loses the oldest frames (counted in `dropped`), never the newest, and the capture never blocks.
 */
export function liveFrameQueue(): EventQueue<AudioFrame> {
  return new EventQueue<AudioFrame>({ max: Math.ceil(10_000 / FRAME_MS) });
}

/** A capture that yields frames until it ends or is closed. */
export interface AudioSource extends AsyncIterable<AudioFrame> {
  readonly channels: readonly Channel[];
  close(): void;
}

/**
 * Cuts a stream of samples at any rate into 16 kHz frames: linear-interpolation resampling after a short moving-average
 * low-pass (enough for speech recognition from 44.1/48 kHz capture; 8 kHz telephone audio is upsampled).
 */
export class Framer {
  readonly #ratio: number;
  readonly #channel: Channel;
  #pending: number[] = [];
  #pos = 0;
  #prev = 0;
  #emitted = 0;

  constructor(channel: Channel, inputRate: number) {
    this.#channel = channel;
    this.#ratio = inputRate / SAMPLE_RATE;
  }

  push(input: Float32Array): AudioFrame[] {
    const taps = Math.max(1, Math.round(this.#ratio));
    let samples: ArrayLike<number> = input;
    if (taps > 1) {
      const smoothed = new Float32Array(input.length);
      for (let i = 0; i < input.length; i++) {
        let sum = 0;
        for (let k = 0; k < taps; k++) sum += i - k >= 0 ? input[i - k]! : this.#prev;
        smoothed[i] = sum / taps;
      }
      samples = smoothed;
    }
    if (input.length) this.#prev = input[input.length - 1]!;
    const source = [...Array.prototype.slice.call(samples)] as number[];
    const buffer = this.#pending.concat(source);
    const out: number[] = [];
    while (this.#pos + 1 < buffer.length) {
      const i = Math.floor(this.#pos);
      const frac = this.#pos - i;
      out.push(buffer[i]! * (1 - frac) + buffer[i + 1]! * frac);
      this.#pos += this.#ratio;
    }
    const consumed = Math.floor(this.#pos);
    this.#pending = buffer.slice(consumed);
    this.#pos -= consumed;
    return this.#frames(out);
  }

  #carry: number[] = [];

  #frames(samples: number[]): AudioFrame[] {
    const all = this.#carry.concat(samples);
    const frames: AudioFrame[] = [];
    let i = 0;
    for (; i + FRAME_SAMPLES <= all.length; i += FRAME_SAMPLES) {
      frames.push({ channel: this.#channel, samples: Float32Array.from(all.slice(i, i + FRAME_SAMPLES)), t: (this.#emitted * FRAME_MS) });
      this.#emitted++;
    }
    this.#carry = all.slice(i);
    return frames;
  }

  /** The last partial frame, zero-padded. */
  flush(): AudioFrame[] {
    if (this.#carry.length === 0) return [];
    const padded = new Float32Array(FRAME_SAMPLES);
    padded.set(this.#carry);
    this.#carry = [];
    return [{ channel: this.#channel, samples: padded, t: this.#emitted++ * FRAME_MS }];
  }
}

/** Several sources as one (the rep's microphone and the softphone's audio): frames in arrival order, closed together. */
export function mergeSources(sources: AudioSource[]): AudioSource {
  return {
    channels: sources.flatMap((s) => s.channels),
    async *[Symbol.asyncIterator]() {
      const iterators = sources.map((s) => s[Symbol.asyncIterator]());
      const next = (i: number) => iterators[i]!.next().then((result) => ({ i, result }));
      const waiting = new Map(iterators.map((_, i) => [i, next(i)]));
      while (waiting.size) {
        const { i, result } = await Promise.race(waiting.values());
        if (result.done) {
          waiting.delete(i);
          continue;
        }
        waiting.set(i, next(i));
        yield result.value;
      }
    },
    close() {
      for (const s of sources) s.close();
    },
  };
}

import { EventQueue } from '../base/event-queue.ts';
import type { AudioFrame } from './frames.ts';

/**
 * Frames from a live capture on their way to a consumer. Live audio cannot wait: if the consumer falls more than
 * `max` frames behind (320: about 10 s), new frames are dropped and `dropped` counts them.
 */
export class LiveFrames implements AsyncIterable<AudioFrame> {
  readonly #queue = new EventQueue<AudioFrame>();
  readonly #max: number;
  #buffered = 0;
  dropped = 0;

  constructor(max = 320) {
    this.#max = max;
  }

  push(frame: AudioFrame): void {
    if (this.#buffered >= this.#max) {
      this.dropped++;
      return;
    }
    this.#buffered++;
    this.#queue.push(frame);
  }

  end(): void {
    this.#queue.end();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<AudioFrame> {
    for await (const frame of this.#queue) {
      this.#buffered--;
      yield frame;
    }
  }
}

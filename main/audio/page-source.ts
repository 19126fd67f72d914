import { CallcueError } from '../base/errors.ts';
import type { EventQueue } from '../base/event-queue.ts';
import { Framer, liveFrameQueue, SAMPLE_RATE, type AudioFrame, type AudioSource, type Channel } from './frames.ts';

/**
 * Devices the app's page captures and sends frame by frame over the contract (`audio.frames`): `page:system` is this
 * PC's sound output through Electron's loopback capture (the softphone's audio on Windows and macOS, with no loopback
 * driver), `page:DEVICE` an input device through Chromium's capture.
 */
export const PAGE_DEVICE = /^page:(.+)$/;
export const SYSTEM_OUTPUT = 'page:system';

interface Open {
  framer: Framer;
  frames: EventQueue<AudioFrame>;
}

/** The inbox for page-captured audio: open while a call takes a channel from the page, closed after. */
export class PageAudio {
  readonly #open = new Map<Channel, Open>();

  /** A source for `channel`, fed by `push` until it is closed. */
  open(channel: Channel, device: string): AudioSource & { device: string } {
    if (this.#open.has(channel)) throw new CallcueError('call_in_progress', `The page is already capturing the ${channel}.`);
    const open = { framer: new Framer(channel, SAMPLE_RATE), frames: liveFrameQueue() };
    this.#open.set(channel, open);
    return {
      channels: [channel],
      device: device === SYSTEM_OUTPUT ? "this PC's sound output (loopback)" : `page input ${device.slice('page:'.length)}`,
      [Symbol.asyncIterator]: () => open.frames[Symbol.asyncIterator](),
      close: () => {
        if (this.#open.get(channel) === open) this.#open.delete(channel);
        open.frames.end();
      },
    };
  }

  /** 16 kHz 16-bit samples from the page; false when no call is taking this channel from the page. */
  push(channel: Channel, pcm: Int16Array): boolean {
    const open = this.#open.get(channel);
    if (!open) return false;
    for (const frame of open.framer.push(Float32Array.from(pcm, (s) => s / 32768))) open.frames.push(frame);
    return true;
  }
}

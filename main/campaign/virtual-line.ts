import { EventEmitter } from 'node:events';
import { Framer, SAMPLE_RATE, type AudioFrame } from '../audio/frames.ts';
import { loadSampleCall } from '../audio/sample-call.ts';
import { EventQueue } from '../core/event-queue.ts';
import type { Voice } from '../tts/index.ts';
import type { DialResult, Line, LineCall } from './line.ts';

/**
 * A line without a phone system, for the demo and soak tests: callees live in this process and answer from the
 * bundled sample call's customer lines (spoken by the system voice), one after each thing the bot says. The last
 * digit of the number picks how the callee behaves: 0 busy, 1 no answer, 8 hangs up at once, 9 presses 9 (opt-out)
 * after the disclosure; any other digit talks.
 */
export class VirtualLine implements Line {
  readonly name = 'virtual';
  readonly sampleRate = SAMPLE_RATE;
  readonly #voice: Voice;
  readonly #resources: string;

  constructor(voice: Voice, resourcesDir: string) {
    this.#voice = voice;
    this.#resources = resourcesDir;
  }

  async dial(phone: string, o: { ringSeconds: number; language: 'en' | 'zh-CN'; plugin: string }): Promise<DialResult> {
    const last = phone.at(-1);
    await new Promise((r) => setTimeout(r, 200)); // the network's ring
    if (last === '0') return { answered: false, disposition: 'busy', detail: '486 Busy Here (virtual)' };
    if (last === '1') return { answered: false, disposition: 'no_answer', detail: `no answer in ${o.ringSeconds} s (virtual)` };
    const lines = loadSampleCall(this.#resources, o.plugin, o.language).turns.filter((t) => t.speaker === 'customer').map((t) => t.text);
    return { answered: true, call: new VirtualCall(this.#voice, o.language, last === '8' ? [] : lines, last === '9') };
  }

  async close(): Promise<void> {}
}

class VirtualCall extends EventEmitter implements LineCall {
  readonly #frames = new EventQueue<AudioFrame>();
  readonly #framer = new Framer('customer', SAMPLE_RATE);
  readonly #lines: string[];
  readonly #pressNine: boolean;
  readonly #voice: Voice;
  readonly #language: 'en' | 'zh-CN';
  #hangUp!: () => void;
  readonly remoteHangUp = new Promise<void>((resolve) => (this.#hangUp = resolve));
  #said = 0;
  #stop: (() => void) | undefined;
  #ended = false;

  constructor(voice: Voice, language: 'en' | 'zh-CN', lines: string[], pressNine: boolean) {
    super();
    this.#voice = voice;
    this.#language = language;
    this.#lines = lines;
    this.#pressNine = pressNine;
    if (!lines.length && !pressNine) setTimeout(() => this.#end(), 500);
  }

  readonly audio = {
    channels: ['customer'] as const,
    [Symbol.asyncIterator]: () => this.#frames[Symbol.asyncIterator](),
    close: () => this.#frames.end(),
  };

  /** The bot's line takes as long as it lasts (real time); then the callee answers with their next line. */
  async say(samples: Int16Array): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, (samples.length / SAMPLE_RATE) * 1000);
      this.#stop = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#stop = undefined;
    this.#said++;
    if (this.#pressNine && this.#said === 1) setTimeout(() => this.emit('dtmf', '9'), 300);
    else void this.#answer();
  }

  stopSpeaking(): void {
    this.#stop?.();
  }

  onDtmf(listener: (digit: string) => void): void {
    this.on('dtmf', listener);
  }

  async hangUp(): Promise<void> {
    this.#end();
  }

  async #answer(): Promise<void> {
    const text = this.#lines.shift();
    if (text === undefined || this.#ended) return;
    const speech = await this.#voice.say(text, { language: this.#language, sampleRate: SAMPLE_RATE, cache: true });
    // Real time: 32 ms frames, then a second of silence so the listener hears the turn end.
    const samples = Float32Array.from([...speech.samples, ...new Int16Array(SAMPLE_RATE)], (s) => s / 32768);
    for (const frame of this.#framer.push(samples)) {
      if (this.#ended) return;
      this.#frames.push(frame);
      await new Promise((r) => setTimeout(r, 32));
    }
    if (!this.#lines.length) setTimeout(() => this.#end(), 3000);
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#frames.end();
    this.#hangUp();
  }
}

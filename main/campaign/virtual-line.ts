import { EventEmitter } from 'node:events';
import { Framer, liveFrameQueue, SAMPLE_RATE } from '../audio/frames.ts';
import { hasSampleCall, loadSampleCall } from '../audio/sample-call.ts';
import type { Voice } from '../tts/index.ts';
import type { DialResult, Line, LineCall } from './line.ts';

/**
 * A line without a phone system, for the demo and soak tests: callees live in this process and answer from the
 * bundled sample call's customer lines (spoken by the system voice), one after each thing the bot says. The last
 * digit of the number picks how the callee behaves: 0 busy, 1 no answer, 4 answers once and presses 9 after the bot's
 * reply, 5 says "uh-huh" while the bot talks, 6 interrupts the bot's first answer, 7 asks not to be called again,
 * 8 hangs up at once, 9 presses 9 (opt-out) after the disclosure, 3 is an answering machine (a greeting, then a
 * beep); any other digit just talks.
 */
const BACKCHANNEL = { en: 'Uh-huh.', 'zh-CN': '嗯。' };
const CALLEE_VOICE = { rate: 150 / 175 };
const OPT_OUT = { en: 'Please remove me from your list and do not call me again.', 'zh-CN': '不要再打电话了。' };
const GREETING = {
  en: "Hi, you have reached Sam. I can't take your call right now, please leave a message after the tone.",
  'zh-CN': '您好，我现在无法接听您的电话，请在提示音后留言。',
};
/** What a callee says when the business line ships no sample call: a plugin of a customer's own still gets a demo. */
const ANY_LINE = {
  en: ['Hello, yes?', 'How much does it cost?', 'That is too expensive.', 'Please call me back tomorrow at ten in the morning.'],
  'zh-CN': ['你好，哪位？', '多少钱？', '太贵了。', '明天上午十点再打给我吧。'],
};
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
    const talk = hasSampleCall(this.#resources, o.plugin, o.language) ? loadSampleCall(this.#resources, o.plugin, o.language).turns.filter((t) => t.speaker === 'customer').map((t) => t.text) : ANY_LINE[o.language];
    const lines = last === '8' ? [] : last === '7' ? [OPT_OUT[o.language]] : last === '4' ? talk.slice(0, 1) : talk;
    if (last === '3') return { answered: true, call: new VirtualCall(this.#voice, o.language, [], 0, undefined, GREETING[o.language]) };
    const interjection = last === '5' ? BACKCHANNEL[o.language] : last === '6' ? talk[1] : undefined;
    return { answered: true, call: new VirtualCall(this.#voice, o.language, last === '6' ? [talk[0]!, ...talk.slice(2)] : lines, last === '9' ? 1 : last === '4' ? 2 : 0, interjection ? { text: interjection, barge: last === '6' } : undefined) };
  }

  async close(): Promise<void> {}
}

class VirtualCall extends EventEmitter implements LineCall {
  readonly #frames = liveFrameQueue();
  readonly #framer = new Framer('customer', SAMPLE_RATE);
  readonly #lines: string[];
  /** After which of the bot's lines the callee presses 9 (0: never). */
  readonly #pressNineAfter: number;
  readonly #voice: Voice;
  readonly #language: 'en' | 'zh-CN';
  #interjection: { text: string; barge: boolean } | undefined;
  #hangUp!: () => void;
  readonly remoteHangUp = new Promise<void>((resolve) => (this.#hangUp = resolve));
  #said = 0;
  /** The last piece said was not the end of its line. */
  #continuing = false;
  #lineStartedAt = 0;
  #held = false;
  #cut = false;
  #ended = false;
  #talking: Promise<void> = Promise.resolve();
  /** When the callee's interjection began and when the bot went silent for it (ms, performance clock). */
  readonly yields: { spokeAt: number; silentAt?: number; lineCompleted?: boolean }[] = [];
  /** An answering machine's: when its beep ended and when the bot began to speak after it (ms, performance clock). */
  readonly voicemail: { beepEndAt?: number; messageAt?: number; spokeOverGreeting: number } = { spokeOverGreeting: 0 };
  #greeting = false;

  constructor(voice: Voice, language: 'en' | 'zh-CN', lines: string[], pressNineAfter: number, interjection?: { text: string; barge: boolean }, greeting?: string) {
    super();
    this.#voice = voice;
    this.#language = language;
    this.#lines = lines;
    this.#pressNineAfter = pressNineAfter;
    this.#interjection = interjection;
    if (greeting) void this.#machine(greeting);
    else if (!lines.length && !pressNineAfter) setTimeout(() => this.#end(), 500);
  }

  readonly audio = {
    channels: ['customer'] as const,
    [Symbol.asyncIterator]: () => this.#frames[Symbol.asyncIterator](),
    close: () => this.#frames.end(),
  };

  /** The bot's line plays in real time, 20 ms at a time (held time does not count); then the callee answers. */
  async say(samples: Int16Array, options: { more?: boolean } = {}): Promise<void> {
    // A line said sentence by sentence is one line: the callee answers after its last piece.
    const starting = !this.#continuing;
    this.#continuing = options.more === true;
    if (starting) {
      this.#said++;
      this.#lineStartedAt = performance.now();
    }
    this.#cut = false;
    let left = (samples.length / SAMPLE_RATE) * 1000;
    // After the opening, the callee's interjection comes one second into the bot's next line.
    const interject = starting && this.#said === 2 ? this.#interjection : undefined;
    if (interject) {
      this.#interjection = undefined;
      setTimeout(() => void this.#speak(interject.text, true), 1000);
    }
    // Paced against the line's start, as the RTP clock is: a 20 ms sleep per step let every timer's lateness add up
    // (a 3 s line played for 3.07-3.12 s here, and a stalled main thread lengthened it by the whole stall).
    if (this.voicemail.beepEndAt !== undefined) this.voicemail.messageAt ??= performance.now();
    let next = performance.now();
    while (left > 0 && !this.#cut && !this.#ended) {
      next += 20;
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
      if (this.#held) this.#markSilent();
      else {
        left -= 20;
        if (this.#greeting) this.voicemail.spokeOverGreeting += 20;
      }
    }
    if (this.#cut) this.#markSilent();
    if (this.#continuing && !this.#cut) return;
    this.#continuing = false;
    for (const y of this.yields) if (y.spokeAt >= this.#lineStartedAt) y.lineCompleted ??= !this.#cut;
    if (this.#said === this.#pressNineAfter) setTimeout(() => this.emit('dtmf', '9'), 300);
    else if (!interject?.barge) void this.#answer();
  }

  stopSpeaking(): void {
    this.#cut = true;
    this.#held = false;
  }

  hold(on: boolean): void {
    this.#held = on;
  }

  onDtmf(listener: (digit: string) => void): void {
    this.on('dtmf', listener);
  }

  async hangUp(): Promise<void> {
    this.#end();
  }

  #markSilent(): void {
    const y = this.yields.at(-1);
    if (y && y.silentAt === undefined) y.silentAt = performance.now();
  }

  async #answer(): Promise<void> {
    const text = this.#lines.shift();
    if (text === undefined || this.#ended) return;
    await this.#speak(text, false);
    if (!this.#lines.length && !this.#pressNineAfter) setTimeout(() => this.#end(), 3000);
  }

  /**
   * Real time: 32 ms frames, then a second of silence so the listener hears the turn end. Callees answer slower than
   * the bot (150 words a minute, as in the sample call): Whisper base makes out espeak-ng's Mandarin at that pace.
   * Interjections come quick, at the voice's own pace (an "uh-huh" at 150 words a minute is 0.47 s of voice).
   */
  async #speak(text: string, interjection: boolean): Promise<void> {
    const speech = await this.#voice.say(text, { language: this.#language, sampleRate: SAMPLE_RATE, cache: true, voice: interjection ? undefined : CALLEE_VOICE });
    await this.#talking;
    this.#talking = this.#play(Float32Array.from([...speech.samples, ...new Int16Array(SAMPLE_RATE)], (s) => s / 32768), interjection);
    await this.#talking;
  }

  /** Real time, 32 ms frames (paced against the start, as the bot's line is). */
  async #play(samples: Float32Array, interjection = false): Promise<void> {
    let first = true;
    let next = performance.now();
    for (const frame of this.#framer.push(samples)) {
      if (this.#ended) return;
      if (first && interjection) this.yields.push({ spokeAt: performance.now() });
      first = false;
      this.#frames.push(frame);
      next += 32;
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
  }

  /**
   * An answering machine: its greeting from the first moment, a 1 kHz beep of 0.5 s, then it records (silence goes
   * on, so the listener's clock runs) for up to 30 s and hangs up.
   */
  async #machine(greeting: string): Promise<void> {
    const speech = await this.#voice.say(greeting, { language: this.#language, sampleRate: SAMPLE_RATE, cache: true });
    this.#greeting = true;
    await this.#play(Float32Array.from([...speech.samples, ...new Int16Array(SAMPLE_RATE * 0.3)], (s) => s / 32768));
    this.#greeting = false;
    if (this.#ended) return; // the caller hung up on the greeting
    await this.#play(Float32Array.from({ length: SAMPLE_RATE / 2 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 1000 * i) / SAMPLE_RATE)));
    if (this.#ended) return;
    this.voicemail.beepEndAt = performance.now();
    await this.#play(new Float32Array(SAMPLE_RATE * 30));
    this.#end();
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#frames.end();
    this.#hangUp();
  }
}

import type { Tone } from './beep.ts';

/** What the campaign does on an answering machine: hang up, or wait for the beep and leave its message once. */
export type VoicemailPolicy = 'hang_up' | 'leave_message';

export type AmdReport =
  | { type: 'machine'; why: 'long_greeting' | 'words' | 'beep'; at: number }
  | { type: 'human'; why: 'short_then_pause' | 'picked_up'; at: number }
  | { type: 'beep'; tone: Tone }
  /** A machine that never beeped: the greeting ended and nothing followed, or the wait ran out. */
  | { type: 'no_beep'; at: number };

/** Greeting phrases that only answering machines say (lower-cased English, Mandarin as written). */
const MACHINE_WORDS = [/leave (me |us )?(a |your )?(message|name and number)/, /after the (tone|beep)/, /(not|n't) (available|able to take)/, /can'?t (take|come to) (your|the) (call|phone)/, /you('ve| have) reached/, /voice ?mail/, /请在.{0,4}(提示音|嘟声|哔声)后/, /留言/, /无法接通/, /暂时无法接听/, /不在服务区/];

export function soundsLikeMachine(text: string): boolean {
  const said = text.toLowerCase();
  return MACHINE_WORDS.some((w) => w.test(said));
}

export interface AmdSettings {
  /** A first turn that starts within this of the answer is the greeting, a person's or a machine's. */
  startWindowMs: number;
  /** Continuous speech this long from the start is a machine: a person says "hello?" and waits for the reply. */
  greetingMs: number;
  /** Words or a beep later than this (audio time) no longer make a call a machine: a conversation is under way. */
  decideWindowMs: number;
  /** After a machine's greeting: a turn shorter than this, then a pause with no beep, is a person who picked up. */
  pickupMs: number;
  /** ... and that pause, beyond the end of turn itself. */
  pickupWaitMs: number;
  /** Silence after the greeting's end with no beep: this machine does not beep. */
  noBeepMs: number;
  /** The whole wait for a beep after the machine was recognised. */
  maxBeepWaitMs: number;
}

export const defaultAmdSettings: AmdSettings = { startWindowMs: 2500, greetingMs: 4000, decideWindowMs: 15_000, pickupMs: 2500, pickupWaitMs: 1000, noBeepMs: 4000, maxBeepWaitMs: 20_000 };

/**
 * Tells an answering machine from a person in the first seconds of a call, in audio time (ms since the answer): the
 * greeting's shape (long continuous speech from the start), its words when recognised, and the record beep
 * (beep.ts). A callee who says "hello?" and waits is a person; so is one who picks up while their machine greets
 * (a short turn after the greeting, then a pause with no beep). Once it is a machine, it reports the beep, or that
 * none came. Pure: the caller feeds it voice activity, words, tones and the clock (each audio frame).
 */
export class AnsweringMachineDetector {
  readonly #s: AmdSettings;
  readonly #report: (r: AmdReport) => void;
  #verdict: 'unknown' | 'human' | 'machine' = 'unknown';
  #turns = 0;
  #turnStart: number | undefined;
  #greetingStart: number | undefined;
  #machineAt = 0;
  #lastSpeechEnd: number | undefined;
  #lastBeepAt = -Infinity;
  #pickup: { endedAt: number; startedAt: number } | undefined;
  #done = false;

  constructor(report: (r: AmdReport) => void, settings: Partial<AmdSettings> = {}) {
    this.#report = report;
    this.#s = { ...defaultAmdSettings, ...settings };
  }

  get verdict(): 'unknown' | 'human' | 'machine' {
    return this.#verdict;
  }

  speechStart(t: number): void {
    if (this.#turns++ === 0 && t <= this.#s.startWindowMs) this.#greetingStart = t;
    this.#turnStart = t;
    this.#pickup = undefined;
  }

  speechEnd(t: number): void {
    const started = this.#turnStart ?? t;
    this.#turnStart = undefined;
    this.#lastSpeechEnd = t;
    if (this.#verdict === 'unknown') this.#decide('human', 'short_then_pause', t);
    else if (this.#verdict === 'machine' && t - started < this.#s.pickupMs && this.#lastBeepAt < started) this.#pickup = { startedAt: started, endedAt: t };
  }

  /** A turn's words (partial or final), heard at audio time `t`. */
  words(text: string, t: number): void {
    if (this.#verdict !== 'machine' && t <= this.#s.decideWindowMs && soundsLikeMachine(text)) this.#decide('machine', 'words', t);
  }

  tone(tone: Tone): void {
    this.#lastBeepAt = tone.endMs;
    if (this.#verdict !== 'machine' && tone.endMs <= this.#s.decideWindowMs) this.#decide('machine', 'beep', tone.endMs);
    if (this.#verdict !== 'machine' || this.#done) return;
    this.#done = true;
    this.#report({ type: 'beep', tone });
  }

  /** The audio clock (each frame): the greeting's length, a picked-up call's pause, the wait for a beep. */
  clock(t: number): void {
    if (this.#done) return;
    if (this.#verdict === 'unknown' && this.#greetingStart !== undefined && this.#turnStart === this.#greetingStart && t - this.#greetingStart >= this.#s.greetingMs) {
      this.#decide('machine', 'long_greeting', t);
    }
    if (this.#verdict !== 'machine') return;
    if (this.#pickup && t - this.#pickup.endedAt >= this.#s.pickupWaitMs && this.#lastBeepAt < this.#pickup.startedAt) {
      this.#pickup = undefined;
      this.#decide('human', 'picked_up', t);
      return;
    }
    const quietSince = this.#turnStart === undefined ? (this.#lastSpeechEnd ?? this.#machineAt) : undefined;
    if ((quietSince !== undefined && t - Math.max(quietSince, this.#machineAt) >= this.#s.noBeepMs) || t - this.#machineAt >= this.#s.maxBeepWaitMs) {
      this.#done = true;
      this.#report({ type: 'no_beep', at: t });
    }
  }

  #decide(verdict: 'human' | 'machine', why: 'long_greeting' | 'words' | 'beep' | 'short_then_pause' | 'picked_up', at: number): void {
    this.#verdict = verdict;
    if (verdict === 'machine') this.#machineAt = at;
    this.#report(verdict === 'machine' ? { type: 'machine', why: why as 'long_greeting', at } : { type: 'human', why: why as 'picked_up', at });
  }
}

/**
 * The campaign's message for a machine: who called, why, the number to call back, and how to stop the calls (the
 * same compliance as the live call's disclosure). Said once, after the beep.
 */
export function voicemailMessage(language: 'en' | 'zh-CN', o: { company: string; callbackNumber: string }): string {
  const digits = o.callbackNumber.replace(/\D/g, '').split('').join(' ');
  return language === 'zh-CN'
    ? `您好，这是${o.company}的AI智能助理打来的自动电话。方便的话请回电 ${digits}。如果不想再接到此类电话，请回电说“不要再打了”。谢谢，再见。`
    : `Hello, this is an automated AI assistant calling for ${o.company}. Please call us back at ${digits}. To stop these calls, call that number and say 'remove me'. Thank you, goodbye.`;
}

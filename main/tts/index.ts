import { LRUCache } from 'lru-cache';
import type { Language } from '../brain/language.ts';
import { systemEngines, systemTts } from './system.ts';
import { sharedVoiceThreads, type VoiceThreads } from './voice-threads.ts';

export { systemTts } from './system.ts';

/** How a line is spoken: rate 0.5-2 (1 = the voice's normal), pitch -1..1 (0 = normal), volume 0-1. */
export interface VoiceSettings {
  rate: number;
  pitch: number;
  volume: number;
}
export const defaultVoice: VoiceSettings = { rate: 1, pitch: 0, volume: 1 };

export interface Speech {
  sampleRate: number;
  samples: Int16Array;
}

/** One text-to-speech back-end: a line in a language, as 16-bit mono PCM at the voice's own rate. */
export interface TtsEngine {
  readonly name: string;
  speak(text: string, language: Language, voice: VoiceSettings): Promise<Speech>;
}

/**
 * Speech for the phone line: any engine's output resampled to the line's rate, with playbook lines cached in memory
 * (the disclosure and greetings are said on every call, the answers on many). A line being synthesised is shared:
 * measured, eight calls answering the same question at once each ran espeak-ng for the same line. Nothing is
 * written to disk.
 *
 * Off the main thread (see VoiceThreads): an OS voice is started and its line resampled in a worker thread; another
 * engine speaks where it is called and only the resampling moves. Here, they stalled every call's 20 ms RTP clock.
 */
export class Voice {
  readonly #engine: TtsEngine;
  readonly #threads: VoiceThreads;
  readonly #cache = new LRUCache<string, Promise<Speech>>({ max: 200 });

  /** `workerPath`: the built voice-worker.cjs in the packaged app (default: from source). */
  constructor(engine: TtsEngine = systemTts(), options: { workerPath?: string } = {}) {
    this.#engine = engine;
    this.#threads = sharedVoiceThreads(options.workerPath);
  }

  get engine(): string {
    return this.#engine.name;
  }

  async say(text: string, options: { language: Language; sampleRate: number; voice?: Partial<VoiceSettings>; cache?: boolean }): Promise<Speech> {
    const voice = checkVoice({ ...defaultVoice, ...options.voice });
    const key = JSON.stringify([text, options.language, options.sampleRate, voice]);
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const samples = systemEngines.includes(this.#engine)
      ? this.#threads.speak(this.#engine.name, text, options.language, voice, options.sampleRate)
      : // The engine's samples are handed to the thread (transferred): nobody else holds them.
        this.#engine.speak(text, options.language, voice).then((spoken) => this.#threads.resample(spoken.samples, spoken.sampleRate, options.sampleRate));
    const speech = samples.then((s) => ({ sampleRate: options.sampleRate, samples: s }));
    if (options.cache) {
      this.#cache.set(key, speech);
      speech.catch(() => this.#cache.delete(key));
    }
    return speech;
  }
}

function checkVoice(v: VoiceSettings): VoiceSettings {
  if (!(v.rate >= 0.5 && v.rate <= 2) || !(v.pitch >= -1 && v.pitch <= 1) || !(v.volume >= 0 && v.volume <= 1)) {
    throw new RangeError(`Voice settings out of range (rate 0.5-2, pitch -1..1, volume 0-1): ${JSON.stringify(v)}`);
  }
  return v;
}

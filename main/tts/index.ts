import { LRUCache } from 'lru-cache';
import type { Language } from '../brain/language.ts';
import { speechPieces } from './sentences.ts';
import type { SherpaModel } from './sherpa-voice.ts';
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
  /** How the voice thread can speak a line in `language` itself: an OS voice by name, or a sherpa-onnx model. */
  threadVoice?(language: Language): { engine: string; model?: SherpaModel } | undefined;
}

/**
 * Speech for the phone line: any engine's output resampled to the line's rate, with playbook lines cached in memory
 * (the disclosure and greetings are said on every call, the answers on many). A line being synthesised is shared:
 * measured, eight calls answering the same question at once each ran espeak-ng for the same line. Nothing is
 * written to disk.
 *
 * Off the main thread (see VoiceThreads): an OS voice or a neural (sherpa-onnx) voice speaks and its line is
 * resampled in a worker thread; another engine speaks where it is called and only the resampling moves. Here, they
 * stalled every call's 20 ms RTP clock.
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
    const inThread = this.#engine.threadVoice?.(options.language) ?? (systemEngines.includes(this.#engine) ? { engine: this.#engine.name } : undefined);
    const samples = inThread
      ? this.#threads.speak(inThread.engine, text, options.language, voice, options.sampleRate, inThread.model)
      : // The engine's samples are handed to the thread (transferred): nobody else holds them.
        this.#engine.speak(text, options.language, voice).then((spoken) => this.#threads.resample(spoken.samples, spoken.sampleRate, options.sampleRate));
    const speech = samples.then((s) => ({ sampleRate: options.sampleRate, samples: s }));
    if (options.cache) {
      this.#cache.set(key, speech);
      speech.catch(() => this.#cache.delete(key));
    }
    return speech;
  }

  /**
   * The line sentence by sentence, each as `say` gives it (cached alike): the next sentence is synthesised while the
   * caller plays this one, so the first audio waits for the first sentence only.
   */
  async *stream(text: string, options: Parameters<Voice['say']>[1]): AsyncGenerator<Speech & { last: boolean }> {
    const sentences = speechPieces(text);
    let next = sentences.length ? this.say(sentences[0]!, options) : undefined;
    try {
      for (let i = 0; next; i++) {
        const speech = await next;
        next = i + 1 < sentences.length ? this.say(sentences[i + 1]!, options) : undefined;
        yield { ...speech, last: !next };
      }
    } finally {
      // Left early (the callee took the turn): the sentence in hand is dropped, its failure too.
      next?.catch(() => undefined);
    }
  }
}

function checkVoice(v: VoiceSettings): VoiceSettings {
  if (!(v.rate >= 0.5 && v.rate <= 2) || !(v.pitch >= -1 && v.pitch <= 1) || !(v.volume >= 0 && v.volume <= 1)) {
    throw new RangeError(`Voice settings out of range (rate 0.5-2, pitch -1..1, volume 0-1): ${JSON.stringify(v)}`);
  }
  return v;
}

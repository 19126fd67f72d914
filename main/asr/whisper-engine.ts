import os from 'node:os';
import path from 'node:path';
import { sourceRoot } from '../base/paths.ts';
import { checkModelFile } from './models/ggml.ts';
import type { AsrEngine, AsrOptions, AsrResult } from './types.ts';
import { WorkerEngine, type Job, type WorkerEngineOptions } from './worker-engine.ts';
import { forkWhisperWorker, type SpawnWorker } from './worker-port.ts';

export interface WhisperEngineOptions {
  model: string;
  threads?: number;
  gpu?: boolean;
  /** Cap on tokens per utterance (0 = none). Random-weights test models need one to stop. */
  maxTokens?: number;
  spawn?: SpawnWorker;
  /** Restarts allowed within a minute before the engine gives up. */
  maxRestarts?: number;
  /** Smallest encoder window in 20 ms frames (0 = always the full 30 s). */
  minAudioCtx?: number;
  /**
   * Re-decode at higher temperatures when a transcript looks unreliable. Off only for random-weights fixtures, whose
   * output always looks unreliable: with it on they would time five decodes where a real model does one.
   */
  temperatureFallback?: boolean;
  /** Where native/build holds CPU-specific whisper.cpp builds (default: the source checkout); null or none there: the portable build. */
  root?: string | null;
  /** The best CPU build to use (e.g. `avx2` to time the portable one); default: CALLCUE_WHISPER_CPU, else the best the CPU runs. */
  cpu?: string;
  /** Beam width, 1 = greedy; default: per language (BEAM_SIZE). */
  beamSize?: number;
  /**
   * Words the calls will use (a plugin's product names), per language, given to Whisper as its prompt. Off by default
   * and not used for calls: the insurance plugin's 16 Mandarin product words raised the error rate on 10 real clips
   * from 18% to 58% (Whisper base recites the list: "疾病险，疾病险"); see bench:asr-accuracy.
   */
  vocabulary?: Partial<Record<'en' | 'zh', string[]>>;
}

/**
 * Beam search where it pays, greedy elsewhere. Whisper base, bench:asr-accuracy: on 10 Mandarin recordings the
 * character error rate falls from 32% (greedy) to 18% with beam 5 (telephone band 36% -> 23%), median 0.38 -> 0.51 s
 * a clip; on the English clips beam 5 got the same words wrong at twice the time, so English stays greedy.
 */
const BEAM_SIZE: Partial<Record<string, number>> = { zh: 5 };

/**
 * Whisper (whisper.cpp through smart-whisper) in its own process with the model kept loaded: the queue, crash and
 * restart behaviour of every recogniser (worker-engine.ts), plus Whisper's own beam width and prompt per job.
 */
export class WhisperEngine extends WorkerEngine implements AsrEngine {
  readonly #beamSize: number | undefined;
  readonly #vocabulary: WhisperEngineOptions['vocabulary'];

  private constructor(info: AsrEngine['info'], engine: WorkerEngineOptions, options: WhisperEngineOptions) {
    super(info, engine);
    this.#beamSize = options.beamSize;
    this.#vocabulary = options.vocabulary;
  }

  static async start(options: WhisperEngineOptions): Promise<WhisperEngine> {
    checkModelFile(options.model);
    const threads = options.threads ?? Math.max(1, Math.min(8, os.availableParallelism()));
    const gpu = options.gpu ?? false;
    const load = {
      model: options.model,
      gpu,
      threads,
      maxTokens: options.maxTokens ?? 0,
      minAudioCtx: options.minAudioCtx ?? 512,
      fallback: options.temperatureFallback ?? true,
      root: (options.root === undefined ? sourceRoot() : options.root) ?? undefined,
      cpu: options.cpu ?? process.env.CALLCUE_WHISPER_CPU,
    };
    const engine = new WhisperEngine(
      { engine: 'whisper.cpp (smart-whisper)', model: path.basename(options.model), backend: gpu ? 'gpu' : 'cpu', threads, loadMs: 0 },
      { name: 'Whisper', model: options.model, load, spawn: options.spawn ?? forkWhisperWorker, maxRestarts: options.maxRestarts ?? 3 },
      options,
    );
    await engine.boot();
    return engine;
  }

  protected override loaded(variant: string | undefined): void {
    if (this.info.backend !== 'gpu') this.info.backend = `cpu (${variant})`;
  }

  protected override request(job: Job): Record<string, unknown> {
    const language = job.options.language ?? 'auto';
    // No script prompt for Mandarin: the worker converts to simplified characters (OpenCC), and the old prompt
    // ('以下是普通话的句子。') cost accuracy (CER 32% without it, 34% with it, greedy).
    const words = this.#words(language);
    const prompt = words?.length ? `${words.join(language === 'zh' ? '、' : ', ')}${language === 'zh' ? '。' : '.'}` : '';
    const draft = job.options.draft === true;
    return { prompt, beamSize: draft ? 1 : (this.#beamSize ?? BEAM_SIZE[language] ?? 1), draft };
  }

  protected override result(job: Job, result: AsrResult): AsrResult {
    const words = this.#words(job.options.language);
    // A transcript that only lists prompt words is Whisper reciting its prompt (seen on unclear synthetic speech).
    return words && recitesVocabulary(result.text, words) ? { ...result, text: '' } : result;
  }

  #words(language: AsrOptions['language']): string[] | undefined {
    return language === 'en' || language === 'zh' ? this.#vocabulary?.[language] : undefined;
  }
}

/** Two or more pieces, each one of the words: the prompt read back ("重疾险、百万医疗、意外险。"), not speech. */
export function recitesVocabulary(text: string, words: readonly string[]): boolean {
  const norm = (w: string) => w.toLowerCase().trim();
  const known = new Set(words.map(norm));
  const pieces = text.split(/[\p{P}\s]+/u).map(norm).filter(Boolean);
  return pieces.length >= 2 && pieces.every((p) => known.has(p));
}

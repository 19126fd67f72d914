import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { CallcueError } from '../base/errors.ts';
import { sourceRoot } from '../base/paths.ts';
import { checkModelFile } from './models/ggml.ts';
import type { AsrEngine, AsrOptions, AsrResult } from './types.ts';
import { forkWhisperWorker, type SpawnWorker, type WorkerPort } from './worker-port.ts';

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
}

type Settings = Required<Omit<WhisperEngineOptions, 'spawn' | 'root' | 'cpu'>> & { spawn: SpawnWorker; root: string | null; cpu?: string };

interface Job {
  id: number;
  pcm: Float32Array;
  options: AsrOptions;
  attempts: number;
  resolve: (r: AsrResult) => void;
  reject: (e: Error) => void;
}

type WorkerMessage =
  | { type: 'ready'; loadMs: number; variant: string }
  | { type: 'load_failed'; message: string }
  | { type: 'result'; id: number; text: string; language: string; prob: number; ms: number }
  | { type: 'failed'; id: number; message: string };

/** Simplified-Chinese output: Whisper writes traditional characters unless told which script to use. */
const ZH_PROMPT = '以下是普通话的句子。';
const MAX_QUEUE = 16;

/**
 * Whisper (whisper.cpp through smart-whisper) in its own process with the model kept loaded. One utterance at a time,
 * in order; a bounded queue. When the process dies the engine says so ('crash'), starts a new one and sends the
 * utterance in flight again, once; results are delivered exactly once.
 */
export class WhisperEngine extends EventEmitter implements AsrEngine {
  readonly info: AsrEngine['info'];
  readonly #options: Settings;
  readonly #queue: Job[] = [];
  #worker!: WorkerPort;
  #current: Job | undefined;
  /** The worker has loaded the model; nothing is sent to it before. */
  #ready = false;
  #nextId = 1;
  #closing = false;
  #restarts: number[] = [];

  private constructor(options: Settings) {
    super();
    this.#options = options;
    this.info = { engine: 'whisper.cpp (smart-whisper)', model: path.basename(options.model), backend: options.gpu ? 'gpu' : 'cpu', threads: options.threads, loadMs: 0 };
  }

  static async start(options: WhisperEngineOptions): Promise<WhisperEngine> {
    checkModelFile(options.model);
    const engine = new WhisperEngine({
      model: options.model,
      threads: options.threads ?? Math.max(1, Math.min(8, os.availableParallelism())),
      gpu: options.gpu ?? false,
      maxTokens: options.maxTokens ?? 0,
      maxRestarts: options.maxRestarts ?? 3,
      minAudioCtx: options.minAudioCtx ?? 512,
      temperatureFallback: options.temperatureFallback ?? true,
      root: options.root === undefined ? sourceRoot() : options.root,
      cpu: options.cpu ?? process.env.CALLCUE_WHISPER_CPU,
      spawn: options.spawn ?? forkWhisperWorker,
    });
    engine.info.loadMs = await engine.#startWorker();
    return engine;
  }

  /** The worker's process id (tests kill it to prove recovery). */
  get pid(): number | undefined {
    return this.#worker.pid;
  }

  transcribe(pcm: Float32Array, options: AsrOptions = {}): Promise<AsrResult> {
    if (this.#closing) return Promise.reject(new CallcueError('asr_closed', 'Speech recognition has been stopped.'));
    if (this.#queue.length >= MAX_QUEUE) return Promise.reject(new CallcueError('asr_overloaded', 'Speech recognition is falling behind.', { retryable: true }));
    return new Promise((resolve, reject) => {
      const job = { id: this.#nextId++, pcm, options, attempts: 0, resolve, reject };
      // Urgent jobs go after other urgent ones but before everything else; order is kept within each kind.
      const at = options.urgent ? this.#queue.findIndex((j) => !j.options.urgent) : -1;
      if (at < 0) this.#queue.push(job);
      else this.#queue.splice(at, 0, job);
      this.#pump();
    });
  }

  async close(): Promise<void> {
    this.#closing = true;
    for (const job of this.#queue.splice(0)) job.reject(new CallcueError('asr_closed', 'Speech recognition has been stopped.'));
    this.#worker.kill();
  }

  #startWorker(): Promise<number> {
    const worker = this.#options.spawn();
    this.#worker = worker;
    this.#ready = false;
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.onMessage((raw) => {
        const message = raw as WorkerMessage;
        if (message.type === 'ready') {
          ready = true;
          if (!this.#options.gpu) this.info.backend = `cpu (${message.variant})`;
          this.#ready = true;
          resolve(message.loadMs);
          this.#pump();
        } else if (message.type === 'load_failed') {
          reject(new CallcueError('model_load_failed', `Could not load the Whisper model ${this.#options.model}: ${message.message}`));
        } else this.#settle(message);
      });
      worker.onExit((code) => {
        if (this.#closing || worker !== this.#worker) return;
        if (!ready) reject(new CallcueError('model_load_failed', `The Whisper process exited (code ${code}) while loading ${this.#options.model}.`));
        else this.#recover(code);
      });
      const { model, gpu, threads, maxTokens, minAudioCtx, temperatureFallback } = this.#options;
      worker.send({ type: 'load', model, gpu, threads, maxTokens, minAudioCtx, fallback: temperatureFallback, root: this.#options.root ?? undefined, cpu: this.#options.cpu });
    });
  }

  #recover(code: number | null): void {
    const now = Date.now();
    this.#restarts = [...this.#restarts.filter((t) => now - t < 60_000), now];
    const job = this.#current;
    this.#current = undefined;
    if (job) this.#queue.unshift(job);
    const fatal = this.#restarts.length > this.#options.maxRestarts;
    this.emit('crash', { code, restarting: !fatal });
    if (fatal) {
      this.#closing = true;
      for (const j of this.#queue.splice(0)) j.reject(new CallcueError('asr_crashed', `The Whisper process keeps crashing (exit code ${code}).`));
      return;
    }
    this.#startWorker().then(
      () => this.emit('restarted'),
      (error: Error) => this.emit('error', error),
    );
  }

  #pump(): void {
    if (this.#current || this.#closing || !this.#ready) return;
    const job = this.#queue.shift();
    if (!job) return;
    if (++job.attempts > 2) {
      job.reject(new CallcueError('asr_failed', 'This utterance crashed the Whisper process twice; it was skipped.'));
      this.#pump();
      return;
    }
    this.#current = job;
    const language = job.options.language ?? 'auto';
    this.#worker.send({ type: 'transcribe', id: job.id, pcm: job.pcm, language, prompt: language === 'zh' ? ZH_PROMPT : '' });
  }

  #settle(message: Extract<WorkerMessage, { id: number }>): void {
    const job = this.#current;
    if (!job || job.id !== message.id) return;
    this.#current = undefined;
    if (message.type === 'result') job.resolve({ text: message.text, language: message.language, prob: message.prob, ms: message.ms });
    else job.reject(new CallcueError('asr_failed', `Speech recognition failed: ${message.message}`, { retryable: true }));
    this.#pump();
  }
}

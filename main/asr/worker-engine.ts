import { EventEmitter } from 'node:events';
import { CallcueError } from '../base/errors.ts';
import { DeadlineQueue, type AsrJob } from './deadline-queue.ts';
import type { AsrEngine, AsrOptions, AsrResult } from './types.ts';
import type { SpawnWorker, WorkerPort } from './worker-port.ts';

/**
 * The worker protocol: {type:'load', ...} -> {type:'ready'} | {type:'load_failed'};
 * {type:'transcribe', id, pcm, language} -> {type:'result', id, ...AsrResult} | {type:'failed', id, message}.
 */
export type WorkerMessage =
  | { type: 'ready'; loadMs: number; variant?: string }
  | { type: 'load_failed'; message: string }
  | ({ type: 'result'; id: number } & AsrResult)
  | { type: 'failed'; id: number; message: string };

export interface WorkerEngineOptions {
  /** The recogniser's name in messages ("the SenseVoice process"). */
  name: string;
  /** The model, for load errors. */
  model: string;
  /** Sent to each new worker as `{type:'load', ...load}`. */
  load: Record<string, unknown>;
  spawn: SpawnWorker;
  /** Restarts allowed within a minute before the engine gives up. */
  maxRestarts: number;
}

export interface Job extends AsrJob<AsrResult> {
  id: number;
  attempts: number;
}

const MAX_QUEUE = 32;

/**
 * A recogniser in its own process with the model kept loaded: one utterance at a time, earliest deadline first, off
 * a bounded queue (deadline-queue.ts). When the process dies the engine says so ('crash'), starts a new one and sends
 * the utterance in flight again, once; results are delivered exactly once. Subclasses (Whisper, SenseVoice) supply
 * the load request and may add to each transcribe request and shape each result.
 */
export class WorkerEngine extends EventEmitter implements AsrEngine {
  readonly info: AsrEngine['info'];
  readonly #o: WorkerEngineOptions;
  readonly #queue = new DeadlineQueue<Job>(MAX_QUEUE);
  #worker!: WorkerPort;
  #current: Job | undefined;
  /** The worker has loaded the model; nothing is sent to it before. */
  #ready = false;
  #nextId = 1;
  #closing = false;
  #restarts: number[] = [];

  protected constructor(info: AsrEngine['info'], options: WorkerEngineOptions) {
    super();
    this.info = info;
    this.#o = options;
  }

  /** Starts the first worker and waits for its model; rejects with `model_load_failed`. */
  protected async boot(): Promise<void> {
    this.info.loadMs = await this.#startWorker();
  }

  /** What the worker needs besides the audio and language for one job (a prompt, a beam width). */
  protected request(_job: Job): Record<string, unknown> {
    return {};
  }

  /** The result as callers get it. */
  protected result(_job: Job, result: AsrResult): AsrResult {
    return result;
  }

  /** The worker has loaded its model (`variant`: which build of it). */
  protected loaded(_variant: string | undefined): void {}

  /** The worker's process id (tests kill it to prove recovery). */
  get pid(): number | undefined {
    return this.#worker.pid;
  }

  transcribe(pcm: Float32Array, options: AsrOptions = {}): Promise<AsrResult> {
    if (this.#closing) return Promise.reject(new CallcueError('asr_closed', 'Speech recognition has been stopped.'));
    return new Promise((resolve, reject) => {
      if (!this.#queue.add({ id: this.#nextId++, pcm, options, attempts: 0, resolve, reject })) reject(new CallcueError('asr_overloaded', 'Speech recognition is falling behind.', { retryable: true }));
      this.#pump();
    });
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#queue.drain(() => new CallcueError('asr_closed', 'Speech recognition has been stopped.'));
    this.#worker?.kill();
  }

  #startWorker(): Promise<number> {
    const worker = this.#o.spawn();
    this.#worker = worker;
    this.#ready = false;
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.onMessage((raw) => {
        const message = raw as WorkerMessage;
        if (message.type === 'ready') {
          ready = true;
          this.#ready = true;
          this.loaded(message.variant);
          resolve(message.loadMs);
          this.#pump();
        } else if (message.type === 'load_failed') {
          reject(new CallcueError('model_load_failed', `Could not load the ${this.#o.name} model ${this.#o.model}: ${message.message}`));
          worker.kill();
        } else this.#settle(message);
      });
      worker.onExit((code) => {
        if (this.#closing || worker !== this.#worker) return;
        if (!ready) reject(new CallcueError('model_load_failed', `The ${this.#o.name} process exited (code ${code}) while loading ${this.#o.model}.`));
        else this.#recover(code);
      });
      worker.send({ ...this.#o.load, type: 'load' });
    });
  }

  #recover(code: number | null): void {
    const now = Date.now();
    this.#restarts = [...this.#restarts.filter((t) => now - t < 60_000), now];
    const job = this.#current;
    this.#current = undefined;
    if (job) this.#queue.retry(job);
    const fatal = this.#restarts.length > this.#o.maxRestarts;
    this.emit('crash', { code, restarting: !fatal });
    if (fatal) {
      this.#closing = true;
      this.#queue.drain(() => new CallcueError('asr_crashed', `The ${this.#o.name} process keeps crashing (exit code ${code}).`));
      return;
    }
    this.#startWorker().then(
      () => this.emit('restarted'),
      (error: Error) => this.emit('error', error),
    );
  }

  #pump(): void {
    if (this.#current || this.#closing || !this.#ready) return;
    const job = this.#queue.next();
    if (!job) return;
    if (++job.attempts > 2) {
      job.reject(new CallcueError('asr_failed', `This utterance crashed the ${this.#o.name} process twice; it was skipped.`));
      this.#pump();
      return;
    }
    this.#current = job;
    this.#worker.send({ ...this.request(job), type: 'transcribe', id: job.id, pcm: job.pcm, language: job.options.language ?? 'auto' });
  }

  #settle(message: Extract<WorkerMessage, { id: number }>): void {
    const job = this.#current;
    if (!job || job.id !== message.id) return;
    this.#current = undefined;
    if (message.type === 'result') job.resolve(this.result(job, { text: message.text, language: message.language, prob: message.prob, ms: message.ms }));
    else job.reject(new CallcueError('asr_failed', `Speech recognition failed: ${message.message}`, { retryable: true }));
    this.#pump();
  }
}

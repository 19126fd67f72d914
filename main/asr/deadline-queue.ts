import { CallcueError } from '../base/errors.ts';
import type { AsrOptions } from './types.ts';

/** A waiting recognition: its audio, what was asked, and how to answer. */
export interface AsrJob<Result> {
  pcm: Float32Array;
  options: AsrOptions;
  resolve: (r: Result) => void;
  reject: (e: Error) => void;
}

/**
 * A recogniser's waiting line under load: earliest deadline first (equal deadlines, and none, keep their order);
 * a job whose `expiresAt` has passed is answered `asr_late`, one whose `signal` aborted `asr_cancelled`, instead of
 * being served; at most `max` wait.
 */
export class DeadlineQueue<Job extends Pick<AsrJob<never>, 'options' | 'reject'>> {
  readonly #jobs: Job[] = [];
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  get length(): number {
    return this.#jobs.length;
  }

  /** Adds a job in deadline order; false when the line is full. */
  add(job: Job): boolean {
    if (this.#jobs.length >= this.#max) return false;
    const due = (j: Job) => j.options.deadline ?? Infinity;
    const at = this.#jobs.findIndex((j) => due(j) > due(job));
    if (at < 0) this.#jobs.push(job);
    else this.#jobs.splice(at, 0, job);
    return true;
  }

  /** Puts a job back at the head (it was in flight when the recogniser died). */
  retry(job: Job): void {
    this.#jobs.unshift(job);
  }

  /** The next job worth serving; the expired and cancelled ones before it are answered so. */
  next(now = performance.now()): Job | undefined {
    for (;;) {
      const job = this.#jobs.shift();
      if (job?.options.signal?.aborted) {
        job.reject(new CallcueError('asr_cancelled', 'This recognition was no longer wanted.'));
        continue;
      }
      if (!job || job.options.expiresAt === undefined || now <= job.options.expiresAt) return job;
      job.reject(new CallcueError('asr_late', 'Speech recognition fell behind; this turn was skipped to keep up.'));
    }
  }

  /** Empties the line, answering every job with `error`. */
  drain(error: () => Error): void {
    for (const job of this.#jobs.splice(0)) job.reject(error());
  }
}

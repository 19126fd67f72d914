import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Language } from '../brain/language.ts';
import { checkResample } from '../audio/resample.ts';
import { CallcueError, errorMessage } from '../base/errors.ts';
import { sibling } from '../base/paths.ts';
import type { VoiceSettings } from './index.ts';
import type { SherpaModel } from './sherpa-voice.ts';

/** A line for the voice thread: spoken there by an OS voice and resampled, or only resampled. */
export type VoiceJob = { kind: 'speak'; engine: string; model?: SherpaModel; text: string; language: Language; voice: VoiceSettings; sampleRate: number } | { kind: 'resample'; samples: Int16Array<ArrayBuffer>; from: number; to: number };
type Reply = { id: number; ok: true; samples: Int16Array<ArrayBuffer> } | { id: number; ok: false; code: string; message: string };
interface Thread {
  worker: Worker;
  jobs: Map<number, { resolve(samples: Int16Array<ArrayBuffer>): void; reject(error: Error): void }>;
}

/**
 * The voice's work off the main thread, in worker threads. On the main thread, resampling one uncached 3 s line
 * (22.05 -> 8 kHz, windowed sinc) took 100-215 ms and starting espeak-ng 2-6 ms (a fork of a 70-100 MB process; 12-19 ms
 * at 340 MB), each stalling every call's 20 ms RTP clock by as much. `npm run bench:rtp-clock`, 8 calls on 2 cores:
 * p99 lateness of the packets 132 ms with both on the main thread, 8.4 ms with only the resampling moved, 3.3 ms with
 * both moved (4.2 ms for the clock alone, nothing spoken, in the same run).
 *
 * Samples cross by transfer, never copied: `resample` takes the caller's array over. Up to `threads` threads (default:
 * one per spare core, at most 4), started on first use; a line goes to the thread with the fewest. Idle threads do not keep the process
 * alive and stop after `idleMs` without work. At most `maxJobs` lines in the threads at once; past that a line fails
 * at once (`tts_busy`, retryable) instead of queueing: at ~150 ms of resampling a line per thread, the 32nd waits
 * about 5 s, longer than a caller waits for the bot to speak.
 */
export class VoiceThreads {
  readonly #workerPath: string;
  readonly #size: number;
  readonly #maxJobs: number;
  readonly #idleMs: number;
  readonly #threads = new Set<Thread>();
  #nextId = 1;
  #idleTimer: NodeJS.Timeout | undefined;

  /** `workerPath`: the built voice-worker.cjs in the packaged app; from source, voice-worker.ts. */
  constructor(o: { workerPath?: string; threads?: number; maxJobs?: number; idleMs?: number } = {}) {
    this.#workerPath = o.workerPath ?? sibling(import.meta.url, 'voice-worker.ts');
    this.#size = o.threads ?? Math.max(1, Math.min(4, os.availableParallelism() - 1));
    this.#maxJobs = o.maxJobs ?? 32;
    this.#idleMs = o.idleMs ?? 30_000;
  }

  /** Lines in the threads now. */
  get jobs(): number {
    return [...this.#threads].reduce((n, t) => n + t.jobs.size, 0);
  }

  /**
   * A line spoken in a thread, at `sampleRate`: by an OS voice (one of `systemEngines`, by name), or by a sherpa-onnx
   * model, which each thread loads once when it first speaks with it.
   */
  speak(engine: string, text: string, language: Language, voice: VoiceSettings, sampleRate: number, model?: SherpaModel): Promise<Int16Array<ArrayBuffer>> {
    return this.#post({ kind: 'speak', engine, model, text, language, voice, sampleRate }, []);
  }

  resample(samples: Int16Array, from: number, to: number): Promise<Int16Array<ArrayBuffer>> {
    try {
      checkResample(samples, from, to);
    } catch (error) {
      return Promise.reject(new CallcueError('tts_failed', errorMessage(error)));
    }
    if (from === to) return Promise.resolve(samples.slice());
    // A view into a larger (or shared) buffer is copied first: transferring would take the whole buffer from its owner.
    const whole = samples.buffer instanceof ArrayBuffer && samples.byteOffset === 0 && samples.byteLength === samples.buffer.byteLength;
    const own = whole ? (samples as Int16Array<ArrayBuffer>) : samples.slice();
    return this.#post({ kind: 'resample', samples: own, from, to }, [own.buffer]);
  }

  /** Stops the threads; lines in them fail. */
  async close(): Promise<void> {
    clearTimeout(this.#idleTimer);
    const threads = [...this.#threads];
    this.#threads.clear();
    for (const t of threads) for (const job of t.jobs.values()) job.reject(new CallcueError('tts_failed', 'The voice is closed.'));
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  #post(job: VoiceJob, transfer: ArrayBuffer[]): Promise<Int16Array<ArrayBuffer>> {
    if (this.jobs >= this.#maxJobs) return Promise.reject(new CallcueError('tts_busy', `The voice has ${this.#maxJobs} lines in hand; this one was not spoken.`, { retryable: true }));
    clearTimeout(this.#idleTimer);
    const thread = this.#pick();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      thread.jobs.set(id, { resolve, reject });
      thread.worker.ref();
      thread.worker.postMessage({ id, job }, transfer);
    });
  }

  #pick(): Thread {
    const least = [...this.#threads].sort((a, b) => a.jobs.size - b.jobs.size)[0];
    if (least && (least.jobs.size === 0 || this.#threads.size >= this.#size)) return least;
    const thread: Thread = { worker: new Worker(this.#workerPath), jobs: new Map() };
    thread.worker.on('message', (reply: Reply) => this.#settle(thread, reply));
    thread.worker.on('error', (error) => this.#lost(thread, error.message));
    thread.worker.on('exit', (code) => this.#lost(thread, `exit code ${code}`));
    this.#threads.add(thread);
    return thread;
  }

  #settle(thread: Thread, reply: Reply): void {
    const job = thread.jobs.get(reply.id);
    if (!job) return; // closed meanwhile: it has failed already
    thread.jobs.delete(reply.id);
    if (reply.ok) job.resolve(reply.samples);
    else job.reject(new CallcueError(reply.code, reply.message));
    if (thread.jobs.size) return;
    thread.worker.unref();
    if (!this.jobs) this.#idleTimer = setTimeout(() => void this.close(), this.#idleMs).unref();
  }

  /** A thread that died: its lines fail (retryable); the next line starts a fresh one. */
  #lost(thread: Thread, why: string): void {
    if (!this.#threads.delete(thread)) return;
    for (const job of thread.jobs.values()) job.reject(new CallcueError('tts_failed', `The voice thread stopped: ${why}.`, { retryable: true }));
  }
}

const shared = new Map<string, VoiceThreads>();

/** One set of threads per worker file for the whole process: calls share the spare cores instead of each starting threads. */
export function sharedVoiceThreads(workerPath?: string): VoiceThreads {
  const key = workerPath ?? '';
  let threads = shared.get(key);
  if (!threads) shared.set(key, (threads = new VoiceThreads({ workerPath })));
  return threads;
}

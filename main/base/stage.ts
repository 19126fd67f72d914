import { CallcueError } from './errors.ts';
import { EventQueue } from './event-queue.ts';

/** What a full stage does with one more input: wait for room, drop its oldest input, or fail the call. */
export type Overflow = 'block' | 'drop-oldest' | 'fail';

/**
 * One step of a call's data walk (after livekit agents' SpeechStream): inputs are pushed in, typed events come out
 * of its async iterator in order. `flush()` closes the segment in progress (a turn), `end()` says no more input will
 * come (what is queued is still handled, then the iteration ends), `close()` abandons it now and aborts `signal`.
 * The input queue holds at most `capacity` items; past that, `overflow` says what happens, and `dropped` counts.
 */
export interface Stage<In, Out> extends AsyncIterable<Out> {
  readonly name: string;
  push(item: In): Promise<void>;
  flush(): Promise<void>;
  end(): Promise<void>;
  close(): void;
  readonly signal: AbortSignal;
  readonly dropped: number;
  readonly merged: number;
}

export interface StageSpec<In, Out> {
  name: string;
  capacity: number;
  overflow: Overflow;
  /** Handles one input; `emit` sends events on, in order. */
  handle(item: In, emit: (out: Out) => void, signal: AbortSignal): Promise<void> | void;
  /**
   * Events waiting to be read past which the stage stops taking inputs (default: no bound). A slow reader then fills
   * this stage's queue, and `overflow` decides: with `block` the wait reaches back up the chain to the source.
   */
  backlog?: number;
  /**
   * While newer inputs wait, the one due may be folded into the next (a turn the recogniser could not reach in time
   * joins the one after it): return the merged input, or undefined to handle them one by one. Counted in `merged`.
   */
  merge?(older: In, newer: In): In | undefined;
  /** Closes the segment in progress (called by `flush()` and before `end()` finishes). */
  flush?(emit: (out: Out) => void, signal: AbortSignal): Promise<void> | void;
}

type Job<In> = { item: In } | { flush: true } | { end: true };

/** A stage from a handler: one input at a time, in order, off a bounded queue. */
export function createStage<In, Out>(spec: StageSpec<In, Out>): Stage<In, Out> {
  const abort = new AbortController();
  const out = new EventQueue<Out>();
  const emit = (event: Out) => out.push(event);
  const jobs: Job<In>[] = [];
  const settled: (() => void)[] = [];
  let wake: (() => void) | undefined;
  let room: (() => void) | undefined;
  let dropped = 0;
  let merged = 0;
  let ended = false;
  let failure: unknown;

  const enqueue = (job: Job<In>) =>
    new Promise<void>((resolve) => {
      jobs.push(job);
      settled.push(resolve);
      wake?.();
    });

  const pump = (async () => {
    for (;;) {
      if (abort.signal.aborted) break;
      let job = jobs.shift();
      const done = settled.shift();
      if (!job) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      for (let next = jobs[0]; spec.merge && 'item' in job && next && 'item' in next; next = jobs[0]) {
        const both = spec.merge(job.item, next.item);
        if (both === undefined) break;
        jobs.shift();
        settled.shift()?.();
        job = { item: both };
        merged++;
      }
      room?.();
      try {
        if ('item' in job) await spec.handle(job.item, emit, abort.signal);
        else await spec.flush?.(emit, abort.signal);
      } catch (error) {
        // The stage fails as a whole: its reader gets the error after the events that came before it.
        failure = error;
        abort.abort();
      } finally {
        done?.();
      }
      if ('end' in job) break;
      if (spec.backlog !== undefined) await out.below(spec.backlog);
    }
    for (const done of settled.splice(0)) done();
    out.end();
  })();
  void pump;

  return {
    name: spec.name,
    signal: abort.signal,
    get dropped() {
      return dropped;
    },
    get merged() {
      return merged;
    },
    async push(item) {
      if (ended || abort.signal.aborted) return;
      const waiting = jobs.filter((j) => 'item' in j).length;
      if (waiting >= spec.capacity) {
        if (spec.overflow === 'fail') throw new CallcueError('stage_overflow', `${spec.name} fell ${waiting} items behind.`);
        if (spec.overflow === 'drop-oldest') {
          const oldest = jobs.findIndex((j) => 'item' in j);
          jobs.splice(oldest, 1);
          settled.splice(oldest, 1)[0]?.();
          dropped++;
        } else await new Promise<void>((resolve) => (room = resolve));
      }
      jobs.push({ item });
      settled.push(() => undefined);
      wake?.();
    },
    flush: () => (ended ? Promise.resolve() : enqueue({ flush: true })),
    end: () => {
      if (ended) return Promise.resolve();
      ended = true;
      return enqueue({ end: true });
    },
    close() {
      abort.abort();
      out.end();
      for (const done of settled.splice(0)) done();
      jobs.length = 0;
      wake?.();
      room?.();
    },
    async *[Symbol.asyncIterator]() {
      yield* out;
      if (failure) throw failure;
    },
  };
}

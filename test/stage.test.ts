import { describe, expect, it } from 'vitest';
import { createStage, type Overflow } from '../main/base/stage.ts';

const doubler = (overflow: Overflow, capacity = 2, slow = 0) =>
  createStage<number, number>({
    name: 'doubler',
    capacity,
    overflow,
    handle: async (n, emit) => {
      if (slow) await new Promise((r) => setTimeout(r, slow));
      if (n < 0) throw new Error(`cannot take ${n}`);
      emit(n * 2);
    },
    flush: (emit) => emit(-1),
  });

const all = async (stage: AsyncIterable<number>) => {
  const out: number[] = [];
  for await (const n of stage) out.push(n);
  return out;
};

describe('stage', () => {
  it('handles inputs in order; flush closes a segment; end drains, flushes once more, and ends the events', async () => {
    const stage = doubler('block');
    const events = all(stage);
    for (const n of [1, 2, 3]) await stage.push(n);
    await stage.flush();
    await stage.push(4);
    await stage.end();
    expect(await events).toEqual([2, 4, 6, -1, 8, -1]);
  });

  it('block: a full stage makes the pusher wait, nothing is lost', async () => {
    const stage = doubler('block', 1, 5);
    const events = all(stage);
    for (let n = 0; n < 6; n++) await stage.push(n);
    await stage.end();
    expect((await events).filter((n) => n >= 0)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(stage.dropped).toBe(0);
  });

  it('drop-oldest: a full stage drops its oldest inputs and counts them', async () => {
    const stage = doubler('drop-oldest', 2, 20);
    const events = all(stage);
    for (let n = 1; n <= 6; n++) await stage.push(n);
    await stage.end();
    const got = (await events).filter((n) => n >= 0);
    expect(got.length + stage.dropped).toBe(6);
    expect(stage.dropped).toBeGreaterThan(0);
    expect(got.at(-1)).toBe(12);
  });

  it('fail: a full stage refuses the input with one clear error', async () => {
    const stage = doubler('fail', 1, 50);
    await stage.push(1);
    await stage.push(2);
    await expect(stage.push(3)).rejects.toMatchObject({ code: 'stage_overflow' });
    stage.close();
  });

  it('a handler that throws fails the stage: the reader gets the events before it, then the error', async () => {
    const stage = doubler('block');
    const seen: number[] = [];
    const reading = (async () => {
      for await (const n of stage) seen.push(n);
    })();
    await stage.push(1);
    await stage.push(-5);
    await stage.push(2);
    await expect(reading).rejects.toThrow(/cannot take -5/);
    expect(seen).toEqual([2]);
    expect(stage.signal.aborted).toBe(true);
  });

  it('close abandons what is queued and aborts the signal', async () => {
    const stage = doubler('block', 10, 50);
    const events = all(stage);
    for (let n = 1; n <= 5; n++) await stage.push(n);
    stage.close();
    expect(stage.signal.aborted).toBe(true);
    expect((await events).length).toBeLessThan(5);
  });

  it('backlog: a reader that does not read stops the stage, a full stage then stops its pusher; reading resumes both', async () => {
    const stage = createStage<number, number>({ name: 'echo', capacity: 2, overflow: 'block', backlog: 1, handle: (n, emit) => emit(n) });
    let pushed = 0;
    const pushing = (async () => {
      for (let n = 0; n < 10; n++) {
        await stage.push(n);
        pushed++;
      }
      await stage.end();
    })();
    await new Promise((r) => setTimeout(r, 30));
    // Nobody reads: two events wait (the backlog plus the one being handed over), two inputs are queued, the pusher waits.
    expect(pushed).toBeLessThan(10);
    expect(pushed).toBeLessThanOrEqual(5);
    expect(await all(stage)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await pushing;
    expect(stage.dropped).toBe(0);
  });
});

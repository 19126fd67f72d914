import { describe, expect, it } from 'vitest';
import { EventQueue } from '../main/base/event-queue.ts';

describe('EventQueue', () => {
  it('with a bound, keeps the newest items and counts what it dropped', async () => {
    const queue = new EventQueue<number>({ max: 3 });
    for (let i = 1; i <= 5; i++) queue.push(i);
    queue.end();
    const seen: number[] = [];
    for await (const item of queue) seen.push(item);
    expect(seen).toEqual([3, 4, 5]);
    expect(queue.dropped).toBe(2);
  });

  it('below(n) waits until the reader has taken enough, or the queue ended', async () => {
    const queue = new EventQueue<number>();
    for (let i = 0; i < 4; i++) queue.push(i);
    let waited = false;
    const waiting = queue.below(1).then(() => (waited = true));
    const reader = queue[Symbol.asyncIterator]();
    await reader.next();
    await reader.next();
    await new Promise((r) => setTimeout(r, 5));
    expect(waited).toBe(false);
    await reader.next();
    await waiting;
    expect(queue.size).toBe(1);
    const never = queue.below(0);
    queue.end();
    await never;
  });
});

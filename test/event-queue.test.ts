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
});

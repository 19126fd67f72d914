import { describe, expect, it } from 'vitest';
import { startCallLifecycle, type CallLifecycleEvent, type CallState } from '../main/call/lifecycle.ts';

describe('call lifecycle', () => {
  it.each([
    [[], 'starting'],
    [['CRASHED'], 'interrupted'],
    [['LIVE'], 'live'],
    [['LIVE', 'END'], 'ending'],
    [['LIVE', 'END', 'ENDED'], 'ended'],
    [['LIVE', 'ENDED'], 'ended'],
    // A crash mid-call: interrupted, and nothing moves it again.
    [['LIVE', 'CRASHED', 'ENDED', 'END'], 'interrupted'],
    [['LIVE', 'END', 'CRASHED'], 'interrupted'],
    [['LIVE', 'END', 'ENDED', 'CRASHED', 'LIVE'], 'ended'],
    // End before the call is live is not a state change: the start finishes first.
    [['END'], 'starting'],
  ] as [CallLifecycleEvent['type'][], CallState][])('%j -> %s', (events, state) => {
    const life = startCallLifecycle();
    for (const type of events) life.send({ type });
    expect(life.state).toBe(state);
  });
});

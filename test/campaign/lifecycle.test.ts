import { describe, expect, it } from 'vitest';
import { startCampaignLifecycle, type CampaignLifecycleEvent, type CampaignState } from '../../main/campaign/lifecycle.ts';

const walk = (...events: CampaignLifecycleEvent['type'][]): { state: CampaignState; busy: boolean } => {
  const life = startCampaignLifecycle();
  for (const type of events) life.send({ type } as CampaignLifecycleEvent);
  return { state: life.state, busy: life.busy };
};

describe('campaign lifecycle', () => {
  it.each([
    [[], 'idle', false],
    [['START'], 'starting', true],
    [['START', 'REFUSED'], 'idle', false],
    [['START', 'FAILED'], 'failed', false],
    [['START', 'STARTED'], 'running', true],
    [['START', 'STARTED', 'PAUSE'], 'paused', true],
    [['START', 'STARTED', 'PAUSE', 'RESUME'], 'running', true],
    [['START', 'STARTED', 'STOP'], 'stopping', true],
    [['START', 'STARTED', 'PAUSE', 'STOP'], 'stopping', true],
    [['START', 'STARTED', 'STOP', 'FINISHED'], 'stopped', false],
    [['START', 'STARTED', 'FINISHED'], 'done', false],
    // Abandonment over 3% pauses the campaign, then ends it: done, not stopped.
    [['START', 'STARTED', 'PAUSE', 'FINISHED'], 'done', false],
    [['START', 'STARTED', 'FAILED'], 'failed', false],
    [['START', 'STARTED', 'STOP', 'FINISHED', 'START'], 'starting', true],
    [['START', 'STARTED', 'FINISHED', 'RESET'], 'idle', false],
  ] as [CampaignLifecycleEvent['type'][], CampaignState, boolean][])('%j -> %s', (events, state, busy) => {
    expect(walk(...events)).toEqual({ state, busy });
  });

  it('ignores what a state does not take: no pause while stopping, no resume while running, no second start while busy', () => {
    expect(walk('START', 'STARTED', 'STOP', 'PAUSE', 'RESUME').state).toBe('stopping');
    expect(walk('START', 'STARTED', 'RESUME').state).toBe('running');
    expect(walk('START', 'STARTED', 'START').state).toBe('running');
    expect(walk('PAUSE', 'STOP', 'FINISHED').state).toBe('idle');
  });
});

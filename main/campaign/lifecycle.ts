import { createActor, setup } from 'xstate';

export type CampaignLifecycleEvent =
  | { type: 'START' }
  | { type: 'STARTED' }
  /** The start was refused for something the user can fix (the SIP account, no model): nothing ran. */
  | { type: 'REFUSED' }
  | { type: 'FAILED' }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'STOP' }
  /** The run ended: the list, the stop time or the abandonment rule (from running or paused), or the user's stop. */
  | { type: 'FINISHED' }
  | { type: 'RESET' };

/**
 * A campaign's lifecycle on the app's Autopilot screen. `done` is a run that ended by itself (the list was worked,
 * the stop time came, or abandonment passed 3%); `stopped` is one the user stopped. Busy states are tagged so the
 * service can refuse a second start or an import without listing them.
 */
export const campaignLifecycle = setup({ types: { events: {} as CampaignLifecycleEvent } }).createMachine({
  id: 'campaign',
  initial: 'idle',
  states: {
    idle: { on: { START: 'starting' } },
    starting: { tags: ['busy'], on: { STARTED: 'running', REFUSED: 'idle', FAILED: 'failed' } },
    running: { tags: ['busy'], on: { PAUSE: 'paused', STOP: 'stopping', FINISHED: 'done', FAILED: 'failed' } },
    paused: { tags: ['busy'], on: { RESUME: 'running', STOP: 'stopping', FINISHED: 'done', FAILED: 'failed' } },
    stopping: { tags: ['busy'], on: { FINISHED: 'stopped', FAILED: 'failed' } },
    stopped: { on: { START: 'starting', RESET: 'idle' } },
    done: { on: { START: 'starting', RESET: 'idle' } },
    failed: { on: { START: 'starting', RESET: 'idle' } },
  },
});

export type CampaignState = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'stopped' | 'done' | 'failed';

/** The running lifecycle: events in, the state and whether it is busy out; an event a state does not take is ignored. */
export function startCampaignLifecycle() {
  const actor = createActor(campaignLifecycle).start();
  return {
    send: (event: CampaignLifecycleEvent) => actor.send(event),
    get state(): CampaignState {
      return actor.getSnapshot().value as CampaignState;
    },
    get busy(): boolean {
      return actor.getSnapshot().hasTag('busy');
    },
  };
}

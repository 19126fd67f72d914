import { createActor, setup } from 'xstate';

export type CallLifecycleEvent = { type: 'LIVE' } | { type: 'END' } | { type: 'ENDED' } | { type: 'CRASHED' };
export type CallState = 'starting' | 'live' | 'ending' | 'ended' | 'interrupted';

/**
 * One call's lifecycle: starting (devices, model, store), live, ending (the rep pressed End: the turn in progress is
 * still heard and answered), ended; interrupted when it broke off (a crash, a device gone). Only `live` can be ended
 * by the rep; the last two are final.
 */
export const callLifecycle = setup({ types: { events: {} as CallLifecycleEvent } }).createMachine({
  id: 'call',
  initial: 'starting',
  states: {
    starting: { on: { LIVE: 'live', CRASHED: 'interrupted' } },
    live: { on: { END: 'ending', ENDED: 'ended', CRASHED: 'interrupted' } },
    ending: { on: { ENDED: 'ended', CRASHED: 'interrupted' } },
    ended: { type: 'final' },
    interrupted: { type: 'final' },
  },
});

export function startCallLifecycle() {
  const actor = createActor(callLifecycle).start();
  return {
    send: (event: CallLifecycleEvent) => actor.send(event),
    get state(): CallState {
      return actor.getSnapshot().value as CallState;
    },
  };
}

import { assign, createActor, getNextSnapshot, setup, type AnyActorRef } from 'xstate';
import { isObjection } from '../intents.ts';
import { stages, targetOf, type Playbook, type Stage } from './schema.ts';

export interface PlaybookContext {
  objections: number;
}

type Transition = { target: string; guard?: 'underObjectionLimit'; actions?: 'countObjection' };

/**
 * The playbook as an XState machine: one state per call stage, events are customer intents.
 * A state's own transitions win over the playbook-wide ones; objections loop through objection_handling
 * until maxObjections, after which the call moves to a polite wrap-up. Opt-out always ends the call:
 * that rule is built in, not taken from the playbook.
 */
export function createPlaybookMachine(playbook: Playbook, id = 'playbook') {
  // Root-level targets name child states relative to the root (`.wrap_up`); a state's targets name siblings.
  const transitionsFor = (intent: string, target: Stage, prefix: string): Transition | Transition[] =>
    isObjection(intent) && target === 'objection_handling'
      ? [{ target: prefix + target, guard: 'underObjectionLimit', actions: 'countObjection' }, { target: `${prefix}wrap_up` }]
      : { target: prefix + target };
  const expand = (on: Playbook['on'], prefix = '') =>
    Object.fromEntries(Object.entries(on).map(([intent, t]) => [intent, transitionsFor(intent, targetOf(t), prefix)]));

  return setup({
    types: { context: {} as PlaybookContext, events: {} as { type: string } },
    guards: { underObjectionLimit: ({ context }) => context.objections < playbook.maxObjections },
    actions: { countObjection: assign({ objections: ({ context }) => context.objections + 1 }) },
  }).createMachine({
    id,
    initial: playbook.initial,
    context: { objections: 0 },
    on: { ...expand(playbook.on, '.'), opt_out: { target: '.wrap_up' } },
    states: Object.fromEntries(
      stages.map((stage) => [stage, stage === 'wrap_up' ? { type: 'final' as const } : { on: expand(playbook.states[stage].on) }]),
    ),
  });
}

/** A running playbook for one call. */
export class PlaybookRun {
  readonly #machine: ReturnType<typeof createPlaybookMachine>;
  readonly #actor: AnyActorRef;

  constructor(playbook: Playbook) {
    this.#machine = createPlaybookMachine(playbook);
    this.#actor = createActor(this.#machine).start();
  }

  get state(): Stage {
    return this.#actor.getSnapshot().value as Stage;
  }

  get objections(): number {
    return (this.#actor.getSnapshot().context as PlaybookContext).objections;
  }

  get done(): boolean {
    return this.#actor.getSnapshot().status === 'done';
  }

  /** Moves on a customer intent; returns the state before and after. */
  send(intent: string): { from: Stage; to: Stage } {
    const from = this.state;
    if (!this.done) this.#actor.send({ type: intent });
    return { from, to: this.state };
  }

  /** Where an intent would move the playbook, moving nothing. */
  peek(intent: string): { from: Stage; to: Stage } {
    const from = this.state;
    if (this.done) return { from, to: from };
    return { from, to: getNextSnapshot(this.#machine, this.#actor.getSnapshot(), { type: intent }).value as Stage };
  }
}

import { assign, createActor, setup } from 'xstate';

/** What the bot does next, decided from the brain's turn: answer with a line, or end the call (with a last line). */
export type BotMove =
  | { kind: 'answer'; line: string }
  | { kind: 'opt_out'; line?: string }
  | { kind: 'wrap_up'; line?: string }
  /** Put the callee through to a rep (transfer.ts): `line` says so; `fallback` is the answer when no rep takes it. */
  | { kind: 'transfer'; line: string; fallback?: string }
  | { kind: 'none' };

export type BotEvent =
  | { type: 'OPENING_SPOKEN' }
  | { type: 'LINE_SPOKEN' }
  | { type: 'SPEECH_START' }
  | { type: 'SPEECH_CONFIRMED' }
  | { type: 'SPEECH_DROPPED' }
  | { type: 'SPEECH_END' }
  | { type: 'TURN'; move: BotMove }
  | { type: 'KEY_9'; line?: string }
  /** An answering machine: end the call, or (`message`) wait for its beep and leave the message once. */
  | { type: 'VOICEMAIL'; message?: string }
  | { type: 'BEEP' }
  | { type: 'NO_BEEP' }
  /** A person picked up while their machine was greeting: the call starts over with the opening. */
  | { type: 'PICKED_UP' }
  | { type: 'TIME_UP' }
  /** The rep answered: the callee and the rep are connected, the bot is out of the call. */
  | { type: 'TRANSFERRED' }
  /** No rep took the call: the bot comes back with the fallback answer (a callback). */
  | { type: 'TRANSFER_FAILED' }
  | { type: 'HUNG_UP' };

export type EndReason = 'wrap_up' | 'opt_out_speech' | 'opt_out_dtmf' | 'voicemail' | 'voicemail_left' | 'time_up' | 'hung_up';

interface Context {
  /** A turn that came while the opening was still being spoken: acted on once it is. */
  pending?: BotMove;
  ended?: EndReason;
  goodbye?: string;
  /** The message to leave after an answering machine's beep. */
  message?: string;
  /** What to say when a transfer finds no rep. */
  fallback?: string;
}

/**
 * The bot's turn-taking on one call. The opening (AI disclosure + greeting) is never cut short. While the bot
 * answers, a sound from the callee holds its line at once (`held`); speech confirmed as a turn takes the floor (the
 * rest of the line is dropped), a backchannel or noise lets the line go on. The callee's key 9 or "remove me" ends the
 * call with an opt-out, the playbook's wrap-up with its last line; hanging up ends it from any state. A turn's answer
 * is queued after what is being said.
 *
 * The callee speaking over the opening holds it until they stop (a person's "hello?", or an answering machine's
 * greeting, which the bot must not talk over). On a machine the bot ends the call, or falls silent until the beep,
 * leaves the campaign's message once and hangs up; a person picking up meanwhile gets the opening again.
 *
 * A transfer move says its line and rings a rep (`transfer`): connected, the bot leaves the call (`bridged`); no rep,
 * it answers with the fallback (a callback) and the call goes on.
 *
 * Side effects are named actions that the call provides (`speak`, `hold`, `resume`, `stopSpeaking`, `open`, `finish`, `transfer`), so
 * the machine is tested headless by sending events and reading the state.
 */
export const botTurnsMachine = setup({
  types: { context: {} as Context, events: {} as BotEvent },
  actions: {
    speak: (_, _line: string) => {},
    hold: () => {},
    resume: () => {},
    stopSpeaking: () => {},
    open: () => {},
    finish: (_, _end: { reason: EndReason; goodbye?: string }) => {},
    transfer: () => {},
  },
  guards: {
    answers: ({ event }) => event.type === 'TURN' && event.move.kind === 'answer',
    optsOut: ({ event }) => event.type === 'TURN' && event.move.kind === 'opt_out',
    wrapsUp: ({ event }) => event.type === 'TURN' && event.move.kind === 'wrap_up',
    pendingAnswer: ({ context }) => context.pending?.kind === 'answer',
    pendingEnd: ({ context }) => context.pending?.kind === 'opt_out' || context.pending?.kind === 'wrap_up',
    leavesMessage: ({ event }) => event.type === 'VOICEMAIL' && Boolean(event.message),
    transfers: ({ event }) => event.type === 'TURN' && event.move.kind === 'transfer',
    pendingTransfer: ({ context }) => context.pending?.kind === 'transfer',
    hasFallback: ({ context }) => Boolean(context.fallback),
  },
}).createMachine({
  id: 'botTurns',
  initial: 'disclosing',
  context: {},
  on: {
    // A turn's result while listening, thinking, speaking or held: answer (a new line replaces one being said) or end.
    TURN: [
      { guard: 'transfers', target: '.transferring', actions: [assign({ fallback: ({ event }) => (event.move as { fallback?: string }).fallback }), { type: 'speak', params: ({ event }) => (event.move as { line: string }).line }] },
      { guard: 'answers', target: '.speaking', reenter: true, actions: { type: 'speak', params: ({ event }) => (event.move as { line: string }).line } },
      { guard: 'optsOut', target: '.ending', actions: assign(({ event }) => endOf(event.move)) },
      { guard: 'wrapsUp', target: '.ending', actions: assign(({ event }) => endOf(event.move)) },
    ],
    HUNG_UP: { target: '.ended', actions: assign({ ended: 'hung_up' }) },
    KEY_9: { target: '.ending', actions: assign({ ended: 'opt_out_dtmf', goodbye: ({ event }) => event.line }) },
    VOICEMAIL: [
      { guard: 'leavesMessage', target: '.voicemail', actions: assign({ message: ({ event }) => event.message, pending: undefined }) },
      { target: '.ending', actions: assign({ ended: 'voicemail', goodbye: undefined }) },
    ],
    TIME_UP: { target: '.ending', actions: assign({ ended: 'time_up', goodbye: undefined }) },
  },
  states: {
    disclosing: {
      on: {
        TURN: { actions: assign({ pending: ({ event }) => event.move }) },
        SPEECH_START: { actions: 'hold' },
        SPEECH_END: { actions: 'resume' },
        SPEECH_DROPPED: { actions: 'resume' },
        OPENING_SPOKEN: [
          { guard: 'pendingTransfer', target: 'transferring', actions: [assign({ fallback: ({ context }) => (context.pending as { fallback?: string }).fallback }), { type: 'speak', params: ({ context }) => (context.pending as { line: string }).line }] },
          { guard: 'pendingAnswer', target: 'speaking', actions: { type: 'speak', params: ({ context }) => (context.pending as { line: string }).line } },
          { guard: 'pendingEnd', target: 'ending', actions: assign(({ context }) => endOf(context.pending!)) },
          { target: 'listening' },
        ],
      },
    },
    listening: { on: { SPEECH_END: 'thinking' } },
    thinking: { on: { SPEECH_START: 'listening' } },
    speaking: {
      on: {
        SPEECH_START: { target: 'held', actions: 'hold' },
        LINE_SPOKEN: 'listening',
      },
    },
    held: {
      on: {
        SPEECH_CONFIRMED: { target: 'listening', actions: 'stopSpeaking' },
        // A sound too short to be confirmed as speech ("uh-huh") ends as dropped or as a short turn: the line goes on.
        SPEECH_DROPPED: { target: 'speaking', actions: 'resume' },
        SPEECH_END: { target: 'speaking', actions: 'resume' },
        LINE_SPOKEN: 'listening',
      },
    },
    // Silent until the machine's beep: what was being said is dropped, turns heard (the greeting's) are not answered.
    voicemail: {
      entry: 'stopSpeaking',
      on: {
        TURN: {},
        VOICEMAIL: {},
        BEEP: { target: 'ending', actions: assign({ ended: 'voicemail_left', goodbye: ({ context }) => context.message }) },
        NO_BEEP: { target: 'ending', actions: assign({ ended: 'voicemail', goodbye: undefined }) },
        PICKED_UP: { target: 'disclosing', actions: 'open' },
      },
    },
    // "One moment" is said and the rep's phone rings: the callee waits on hold, what they say is not answered.
    transferring: {
      entry: 'transfer',
      on: {
        TURN: {},
        VOICEMAIL: {},
        TRANSFERRED: 'bridged',
        TRANSFER_FAILED: [{ guard: 'hasFallback', target: 'speaking', actions: { type: 'speak', params: ({ context }) => context.fallback! } }, { target: 'listening' }],
      },
    },
    // The callee and the rep talk; the bot is out of the call until one of them hangs up.
    bridged: {
      entry: 'stopSpeaking',
      on: { TURN: {}, KEY_9: {}, VOICEMAIL: {}, TIME_UP: {} },
    },
    ending: {
      entry: { type: 'finish', params: ({ context }) => ({ reason: context.ended ?? 'wrap_up', goodbye: context.goodbye }) },
      on: { HUNG_UP: 'ended', TURN: {}, KEY_9: {}, VOICEMAIL: {}, TIME_UP: {} },
    },
    ended: { type: 'final' },
  },
});

function endOf(move: BotMove): Pick<Context, 'ended' | 'goodbye'> {
  return { ended: move.kind === 'opt_out' ? 'opt_out_speech' : 'wrap_up', goodbye: 'line' in move ? move.line : undefined };
}

/** The running machine: events sent after the call has ended (a line finishing late, a timer) are ignored. */
export interface BotTurns {
  send(event: BotEvent): void;
  readonly state: string;
  stop(): void;
}

/** Starts the machine with the call's side effects. */
export function startBotTurns(effects: { speak(line: string): void; hold(): void; resume(): void; stopSpeaking(): void; open?(): void; finish(end: { reason: EndReason; goodbye?: string }): void; transfer?(): void }): BotTurns {
  const actor = createActor(
    botTurnsMachine.provide({
      actions: {
        speak: (_, line) => effects.speak(line),
        hold: () => effects.hold(),
        resume: () => effects.resume(),
        stopSpeaking: () => effects.stopSpeaking(),
        open: () => effects.open?.(),
        finish: (_, end) => effects.finish(end),
        transfer: () => effects.transfer?.(),
      },
    }),
  ).start();
  return {
    send: (event) => actor.getSnapshot().status === 'active' && actor.send(event),
    get state() {
      return actor.getSnapshot().value as string;
    },
    stop: () => actor.stop(),
  };
}

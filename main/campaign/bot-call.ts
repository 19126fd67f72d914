import { LIVE_MAX_LAG_MS } from '../call/hearing.ts';
import { openCallPipeline, type SessionEvent } from '../call/pipeline.ts';
import type { AsrEngine, TranscriptEvent } from '../asr/types.ts';
import type { EndOfTurnJudge } from '../asr/vad.ts';
import type { SalesBrain } from '../brain/index.ts';
import type { MetadataStore } from '../store/index.ts';
import type { Voice } from '../tts/index.ts';
import type { Lead } from './leads.ts';
import type { LineCall } from './line.ts';
import type { Disposition } from './rules.ts';
import { startBotTurns, type BotMove } from './bot-turns.ts';
import { screenForMachine, type VoicemailOptions } from './screening.ts';
import { repsOnDuty, TRANSFER_RING_SECONDS, transferLine, wantsPerson, type TransferOptions } from './transfer.ts';
import { HANDOFF_WAIT_MS, handoffContext } from './handoff.ts';
import type { HandoffContext } from '../../preload/contract.ts';
import { errorMessage } from '../base/errors.ts';
/** The bot must speak within this after the answer, or the call counts as abandoned. */
export const ABANDON_MS = 2000;

export interface BotCallResult {
  callId: string;
  disposition: Disposition;
  /** Answer -> the bot's first audio. */
  firstWordsMs: number;
  /** Per reply: the callee's end of speech -> the bot's reply starts playing (speech synthesis included). */
  replyMs: number[];
  abandoned: boolean;
  callbackAt?: string;
  /** How an answering machine was recognised, and its beep; why a transfer found no rep. */
  detail?: string;
  events: SessionEvent[];
}

/**
 * The disclosure and the greeting as one utterance that is never interrupted: the callee hears who is calling, that
 * it is an AI and how to opt out before anything else.
 */
export function openingText(brainCall: ReturnType<SalesBrain['startCall']>): string {
  const opening = brainCall.opening();
  return [opening.find((s) => s.source === 'compliance')?.text, opening.find((s) => s.source !== 'compliance')?.text].filter(Boolean).join(' ');
}

export interface BotCallDeps {
  brain: SalesBrain;
  engine: AsrEngine;
  voice: Voice;
  store: MetadataStore;
  sampleRate: number;
  asr: string;
  /** Random-weights models: accept every transcript (tests and demos). */
  fixture?: boolean;
  /** Puts a number on the do-not-call list at once. */
  doNotCall: (phone: string, source: 'opt_out_speech' | 'opt_out_dtmf') => Promise<void>;
  maxSeconds?: number;
  /** Smart Turn, where its model is here: the bot answers sooner, and not into a callee's mid-sentence pause. */
  endOfTurn?: EndOfTurnJudge;
  /** What to do on an answering machine; default: hang up. */
  voicemail?: VoicemailOptions;
  /** Warm transfer to a rep when the callee asks for a person (transfer.ts); default: a callback, as always. */
  transfer?: TransferOptions;
  /** Sends the handoff card to the rep being rung (a team's store); never throws. Without it: no card. */
  handoff?: (context: HandoffContext) => Promise<void>;
  now?: () => number;
}

/** What the bot does with a turn: the brain's compliance flags and playbook state decide, its first line is said. */
export function moveOf(turn: Extract<SessionEvent, { type: 'turn' }>): BotMove {
  const line = turn.suggestions[0]?.text;
  if (turn.compliance?.optOut) return { kind: 'opt_out', line };
  if (turn.state === 'wrap_up') return { kind: 'wrap_up', line };
  return line ? { kind: 'answer', line } : { kind: 'none' };
}

/** The same, where a rep can take the call: a callee asking for a person is put through (once a call), else `moveOf`. */
export function botMoveOf(turn: Extract<SessionEvent, { type: 'turn' }>, transfer: { possible: boolean; language: 'en' | 'zh-CN' }): BotMove {
  const move = moveOf(turn);
  if (!transfer.possible || !wantsPerson(turn.intent) || turn.lowConfidence || move.kind === 'opt_out') return move;
  return { kind: 'transfer', line: transferLine(transfer.language), fallback: move.kind === 'answer' ? move.line : undefined };
}

/**
 * One answered autonomous call: the AI disclosure first (never interrupted), then listen -> understand -> answer with
 * the playbook's first line, until the playbook wraps up or the callee hangs up. Turn-taking is the `botTurns`
 * machine (bot-turns.ts): this function feeds it the callee's voice activity, the brain's turns, keys and hang-ups,
 * and carries out what it decides on the line. "Remove me" or the key 9 puts the number on the do-not-call list at
 * once and ends the call politely. Only metadata is stored, as in assist mode.
 */
export async function runBotCall(call: LineCall, lead: Lead, d: BotCallDeps): Promise<BotCallResult> {
  const answeredAt = performance.now();
  const brainCall = d.brain.startCall({ language: lead.language, mode: 'auto', timeZone: lead.timeZone });
  // Answering machines are told from people by the callee's audio, voice activity and words (screening.ts).
  const screening = screenForMachine(call.audio, { voicemail: d.voicemail, language: lead.language, company: d.brain.plugin.company[lead.language], send: (event) => bot.send(event), prepare: (text) => void d.voice.say(text, { language: lead.language, sampleRate: d.sampleRate, cache: true }).catch(() => undefined) });
  // The callee's voice activity drives turn-taking (watch, below) on its way to the brain.
  const watch = async function* (events: AsyncIterable<TranscriptEvent>): AsyncGenerator<TranscriptEvent> {
    for await (const e of events) {
      screening.hear(e);
      if (e.type === 'speech_start') bot.send({ type: 'SPEECH_START' });
      else if (e.type === 'speech_confirmed') bot.send({ type: 'SPEECH_CONFIRMED' });
      else if (e.type === 'speech_dropped' || e.type === 'speech_end') {
        if (e.type === 'speech_end') lastEndAt = performance.now();
        bot.send({ type: e.type === 'speech_end' ? 'SPEECH_END' : 'SPEECH_DROPPED' });
      }
      yield e;
    }
  };
  const hearing = { source: screening.audio, recogniser: d.engine, language: lead.language === 'zh-CN' ? ('zh' as const) : ('en' as const), fixture: d.fixture, endOfTurn: d.endOfTurn, maxLagMs: LIVE_MAX_LAG_MS };
  const pipeline = openCallPipeline({ mode: 'auto', plugin: lead.plugin, brain: brainCall, store: d.store, hearing, asr: d.asr, phone: lead.phone, watch });
  const { session } = pipeline;
  let firstWordsMs: number | undefined;
  const replyMs: number[] = [];
  let lastEndAt = 0;

  // Lines are said one after another, sentence by sentence (the callee hears the first sentence while the next is
  // synthesised). The callee taking the floor cuts the line being said and every line queued behind it.
  let cuts = 0;
  let saying = Promise.resolve();
  const cut = () => {
    cuts++;
    call.stopSpeaking();
  };
  const sayLine = async (text: string, replyTo: number | undefined, generation: number) => {
    let first = true;
    for await (const piece of d.voice.stream(text, { language: lead.language, sampleRate: d.sampleRate, cache: true })) {
      if (generation !== cuts) return;
      if (first) {
        firstWordsMs ??= performance.now() - answeredAt;
        if (replyTo !== undefined) replyMs.push(Math.round(performance.now() - replyTo));
        first = false;
      }
      await call.say(piece.samples, { more: !piece.last });
    }
  };
  const say = (text: string, replyTo?: number): Promise<void> => {
    const generation = cuts;
    saying = saying.catch(() => undefined).then(() => sayLine(text, replyTo, generation));
    return saying;
  };
  // An opt-out is recorded the moment it is heard, whatever the call is doing: a callee who says "remove me" and hangs
  // up before the bot answers is on the list all the same (the turn-taking machine has ended by then).
  let optedOut: Promise<void> | undefined;
  const optOut = (source: 'opt_out_speech' | 'opt_out_dtmf') => {
    // An opt-out is what the call is remembered for, even after a transfer that found no rep.
    if (session.outcome === 'transfer_failed') session.outcome = undefined;
    return (optedOut ??= d.doNotCall(lead.phone, source));
  };
  // Warm transfer: tried once a call, only on a line that can and while reps are on duty.
  let transfer: 'none' | 'ringing' | 'connected' | 'failed' = 'none';
  let transferDetail: string | undefined;
  let transferEnded: Promise<unknown> | undefined;
  const giveUpRep = new AbortController();
  const canTransfer = () => transfer === 'none' && Boolean(d.transfer && call.transfer && repsOnDuty(d.transfer, (d.now ?? Date.now)()));
  const putThrough = async () => {
    transfer = 'ringing';
    // The card goes out as the rep's phone starts ringing; the bridge waits for it (a little), and for the line said.
    const card = d.handoff?.(handoffContext(lead, { events, slots: brainCall.slots, stage: brainCall.state }));
    const handedOff = card && Promise.race([card.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, HANDOFF_WAIT_MS).unref())]);
    const result = await call.transfer!(d.transfer!.to, { ringSeconds: d.transfer!.ringSeconds ?? TRANSFER_RING_SECONDS, signal: giveUpRep.signal, ready: Promise.all([saying.catch(() => undefined), handedOff]) }).catch((error: unknown) => ({ connected: false as const, detail: errorMessage(error) }));
    if (!result.connected) {
      transfer = 'failed';
      transferDetail = `transfer: ${result.detail}`;
      if (!optedOut) session.outcome = 'transfer_failed';
      bot.send({ type: 'TRANSFER_FAILED' });
      return;
    }
    transfer = 'connected';
    session.outcome = 'transferred';
    bot.send({ type: 'TRANSFERRED' });
    // The bot stops listening: the call is recorded as transferred now, the two people talk on without it.
    transferEnded = result.ended.then(() => bot.send({ type: 'HUNG_UP' }));
    await pipeline.stop();
  };
  // Only the line being said reports that it is spoken: one queued behind it resolves early and says nothing.
  let line = 0;
  let ending: Promise<void> | undefined;
  const bot = startBotTurns({
    speak: (text) => {
      // Queued after what is being said: a line is cut only by the callee taking the floor (stopSpeaking).
      const mine = ++line;
      void say(text, lastEndAt).then(
        () => mine === line && bot.send({ type: 'LINE_SPOKEN' }),
        () => undefined,
      );
    },
    hold: () => call.hold(true),
    resume: () => call.hold(false),
    stopSpeaking: cut,
    open: () => open(),
    transfer: () => void putThrough().catch(() => bot.send({ type: 'TRANSFER_FAILED' })),
    finish: ({ reason, goodbye }) => {
      giveUpRep.abort();
      ending = (async () => {
        if (reason === 'voicemail' || reason === 'voicemail_left') session.outcome = reason;
        ++line;
        cut();
        if (goodbye) await say(goodbye);
        await call.hangUp();
        await pipeline.stop();
        bot.send({ type: 'HUNG_UP' });
      })();
    },
  });

  call.onDtmf((digit) => {
    if (digit !== '9' || optedOut) return;
    void optOut('opt_out_dtmf');
    bot.send({ type: 'KEY_9', line: brainCall.keyOptOut()[0]?.text });
  });
  void call.remoteHangUp.then(() => {
    giveUpRep.abort();
    bot.send({ type: 'HUNG_UP' });
    void pipeline.stop();
  });
  const limit = setTimeout(() => bot.send({ type: 'TIME_UP' }), (d.maxSeconds ?? 300) * 1000);

  const open = () =>
    void say(openingText(brainCall)).then(
      () => bot.send({ type: 'OPENING_SPOKEN' }),
      () => undefined,
    );
  open();

  const events: SessionEvent[] = [];
  let callbackAt: string | undefined;
  let failed = false;
  try {
    for await (const event of pipeline.events) {
      events.push(event);
      if (event.type !== 'turn') continue;
      if (event.compliance?.optOut) await optOut('opt_out_speech');
      bot.send({ type: 'TURN', move: botMoveOf(event, { possible: canTransfer(), language: lead.language }) });
      if (event.outcome === 'callback_scheduled') callbackAt = brainCall.slots.callbackAt;
    }
  } catch {
    // This call failed (the session has recorded it as failed): it ends here, with BYE, and only this call.
    failed = true;
    await call.hangUp().catch(() => undefined);
    await pipeline.stop().catch(() => undefined);
  } finally {
    clearTimeout(limit);
  }
  await ending?.catch(() => undefined);
  // A transferred call is the bot's until the callee and the rep are done: then it reports it.
  await transferEnded;
  await optedOut;
  bot.stop();
  const ended = events.find((e) => e.type === 'ended');
  return {
    callId: session.callId,
    disposition: failed ? 'failed' : (((ended?.type === 'ended' && ended.outcome) || 'completed') as Disposition),
    firstWordsMs: Math.round(firstWordsMs ?? performance.now() - answeredAt),
    replyMs,
    abandoned: (firstWordsMs ?? Infinity) > ABANDON_MS,
    callbackAt,
    detail: transferDetail ?? screening.detail(),
    events,
  };
}

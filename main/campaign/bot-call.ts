import { CallSession, type SessionEvent } from '../assist/call-session.ts';
import { Listener } from '../asr/listener.ts';
import type { AsrEngine, TranscriptEvent } from '../asr/types.ts';
import { sileroDetector } from '../asr/vad.ts';
import type { SalesBrain } from '../brain/index.ts';
import type { MetadataStore } from '../store/index.ts';
import type { Voice } from '../tts/index.ts';
import type { Lead } from './leads.ts';
import type { LineCall } from './line.ts';
import type { Disposition } from './rules.ts';

/** An answering machine greets at length from the first second: continuous speech this long at the start is one. */
const VOICEMAIL_SPEECH_MS = 4000;
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
}

/**
 * One answered autonomous call: the AI disclosure first (never interrupted), then listen -> understand -> answer with
 * the playbook's first line, until the playbook wraps up or the callee hangs up. The callee may interrupt the bot
 * (barge-in) except during the disclosure; "remove me" or the key 9 puts the number on the do-not-call list at once
 * and ends the call politely. Only metadata is stored, as in assist mode.
 */
export async function runBotCall(call: LineCall, lead: Lead, d: BotCallDeps): Promise<BotCallResult> {
  const answeredAt = performance.now();
  const brainCall = d.brain.startCall({ language: lead.language, mode: 'auto', timeZone: lead.timeZone });
  const session = new CallSession(brainCall, d.store, { plugin: lead.plugin, mode: 'auto', asr: d.asr, phone: lead.phone });
  const listener = new Listener({ source: call.audio, engine: d.engine, detector: sileroDetector, language: lead.language === 'zh-CN' ? 'zh' : 'en', minProb: d.fixture ? 0 : undefined });
  let firstWordsMs: number | undefined;
  let speaking: { interruptible: boolean } | undefined;
  let ending = false;

  const replyMs: number[] = [];
  let lastEndAt = 0;
  const speak = async (text: string, interruptible: boolean, replyTo?: number) => {
    const speech = await d.voice.say(text, { language: lead.language, sampleRate: d.sampleRate, cache: true });
    firstWordsMs ??= performance.now() - answeredAt;
    if (replyTo !== undefined) replyMs.push(Math.round(performance.now() - replyTo));
    speaking = { interruptible };
    await call.say(speech.samples);
    speaking = undefined;
  };
  const finish = async (goodbye?: string) => {
    if (ending) return;
    ending = true;
    if (goodbye) await speak(goodbye, false);
    await call.hangUp();
    await listener.stop();
  };
  const optOut = async (source: 'opt_out_speech' | 'opt_out_dtmf', goodbye: string | undefined) => {
    await d.doNotCall(lead.phone, source);
    await finish(goodbye);
  };

  call.onDtmf((digit) => void (digit === '9' && optOut('opt_out_dtmf', brainCall.keyOptOut()[0]?.text)));
  void call.remoteHangUp.then(() => {
    ending = true;
    void listener.stop();
  });
  const limit = setTimeout(() => void finish(), (d.maxSeconds ?? 300) * 1000);

  // Barge-in and answering-machine detection watch the voice activity; the session sees everything else.
  // The bot holds its line the moment the callee makes a sound, yields the turn once the sound is surely speech
  // (VadSettings.confirmMs), and goes on if it was a backchannel or noise: quick to yield, never cut by an "uh-huh".
  let held = false;
  let voicemailTimer: NodeJS.Timeout | undefined;
  let heardFirst = false;
  const watch = async function* (events: AsyncIterable<TranscriptEvent>): AsyncGenerator<TranscriptEvent> {
    for await (const e of events) {
      if (e.type === 'speech_start') {
        if (speaking?.interruptible) {
          call.hold(true);
          held = true;
        }
        if (!heardFirst && performance.now() - answeredAt < 2000) {
          voicemailTimer = setTimeout(() => {
            session.outcome = 'voicemail';
            void finish();
          }, VOICEMAIL_SPEECH_MS);
        }
        heardFirst = true;
      } else if (e.type === 'speech_confirmed' && held) {
        call.stopSpeaking();
        held = false;
      } else if (e.type === 'speech_dropped' || e.type === 'speech_end') {
        if (e.type === 'speech_end') lastEndAt = performance.now();
        if (held) call.hold(false);
        held = false;
        clearTimeout(voicemailTimer);
      }
      yield e;
    }
  };

  const spoken = speak(openingText(brainCall), false);

  const events: SessionEvent[] = [];
  let callbackAt: string | undefined;
  let failed = false;
  try {
    for await (const event of session.run(watch(listener))) {
      events.push(event);
      if (event.type !== 'turn' || ending) continue;
      await spoken;
      const line = event.suggestions[0]?.text;
      if (event.compliance?.optOut) await optOut('opt_out_speech', line);
      else if (event.state === 'wrap_up') await finish(line);
      else if (line) void speak(line, true, lastEndAt);
      if (event.outcome === 'callback_scheduled') callbackAt = brainCall.slots.callbackAt;
    }
  } catch {
    // This call failed (the session has recorded it as failed): it ends here, with BYE, and only this call.
    failed = true;
    ending = true;
    await call.hangUp().catch(() => undefined);
    await listener.stop().catch(() => undefined);
  } finally {
    clearTimeout(limit);
  }
  await spoken.catch(() => undefined);
  const ended = events.find((e) => e.type === 'ended');
  return {
    callId: session.callId,
    disposition: failed ? 'failed' : (((ended?.type === 'ended' && ended.outcome) || 'completed') as Disposition),
    firstWordsMs: Math.round(firstWordsMs ?? performance.now() - answeredAt),
    replyMs,
    abandoned: (firstWordsMs ?? Infinity) > ABANDON_MS,
    callbackAt,
    events,
  };
}

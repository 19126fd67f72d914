import type { TranscriptEvent } from '../asr/types.ts';
import type { CallBrain, CallMode } from '../brain/index.ts';
import type { MetadataStore } from '../store/index.ts';
import { openHearing, type Hearing } from './hearing.ts';
import { CallSession, referenceTranscript, type SessionEvent } from './session.ts';

export type { CallSession, SessionEvent } from './session.ts';

export interface CallPipelineOptions {
  mode: CallMode;
  plugin: string;
  /** The brain's call (playbook, NLU, suggestions) for this call's language and business line. */
  brain: CallBrain;
  store: MetadataStore;
  /** Live or recorded audio through a recogniser; or a script's turns replayed as if heard (no model here). */
  hearing: Hearing | { script: { speaker: 'rep' | 'customer'; text: string }[] };
  /** Shown and stored as what recognised the call. */
  asr: string;
  phone?: string;
  /** Sees the voice activity on its way to the brain (the bot's barge-in and answering-machine detection). */
  watch?: (events: AsyncIterable<TranscriptEvent>) => AsyncIterable<TranscriptEvent>;
}

export interface CallPipeline {
  readonly callId: string;
  /** The call's own session: how the call ends when the brain cannot know it, the rep's 1-2-3. */
  readonly session: CallSession;
  /** The contract's call events, in order: started, opening, transcript, prepared, turn, checklist, hearing, error, ended. */
  readonly events: AsyncIterable<SessionEvent>;
  /** Ends the capture; the turn in progress is still heard and answered before `ended`. */
  stop(): Promise<void>;
}

/**
 * The one place a call is put together, for every mode (assist in the app, `simulate`/`assist` on the CLI, the bot's
 * calls). The data walk, top to bottom:
 *
 *   audio frames ─▶ VAD ─▶ end of turn ─▶ recogniser ─▶ transcript   (hearing.ts: openHearing)
 *   transcript ─▶ brain (NLU ─▶ playbook ─▶ suggestions) ─▶ turn event, published at once
 *                                                      └──▶ metadata to the store, in order, behind it (session.ts)
 *   (bot) turn event ─▶ BotTurns machine ─▶ voice ─▶ line           (campaign/bot-call.ts)
 */
export function openCallPipeline(o: CallPipelineOptions): CallPipeline {
  const session = new CallSession(o.brain, o.store, { plugin: o.plugin, mode: o.mode, asr: o.asr, phone: o.phone });
  const listener = 'script' in o.hearing ? undefined : openHearing(o.hearing);
  const heard = listener ?? referenceTranscript((o.hearing as { script: { speaker: 'rep' | 'customer'; text: string }[] }).script);
  return {
    callId: session.callId,
    session,
    events: session.run(o.watch ? o.watch(heard) : heard),
    stop: async () => void (await listener?.stop()),
  };
}

import type { Channel } from '../audio/frames.ts';
import { errorMessage } from '../base/errors.ts';
import { createStage, type Stage } from '../base/stage.ts';
import { isHallucination } from './hallucination.ts';
import type { AsrEngine, AsrLanguage, AsrResult, TranscriptEvent } from './types.ts';

/** One finished turn of one speaker, on its way to the recogniser. */
export interface Turn {
  id: string;
  channel: Channel;
  audio: Float32Array;
  t0: number;
  t1: number;
  /** When the speaker's last voiced frame came in (performance clock). */
  stoppedAt: number;
  /** Earlier turns folded into this one because the recogniser could not reach them in time. */
  merged?: string[];
  /** These very samples, already being recognised since the speaker's pause (the listener's early recognition). */
  early?: Promise<AsrResult>;
}

export interface RecogniseSettings {
  language: AsrLanguage;
  /** Below this mean token probability a transcript is treated as noise or a hallucination (0 for random weights). */
  minProb: number;
  /** How soon after the speaker stops the words are due: the recogniser serves the earliest due first. */
  dueMs: number;
  /**
   * Live calls: a turn still waiting this long after the speaker stopped, with a newer one of theirs behind it, is
   * merged into the newer one (one recognition instead of two, nothing they said lost: an opt-out said under load is
   * still heard). None (recordings): every turn is recognised on its own.
   */
  maxLagMs?: number;
}

/** Whisper hears at most 30 s at once: a merged turn keeps its newest 30 s. */
const MAX_SAMPLES = 30 * 16000;
/** A breath of silence between merged turns, so words do not run together. */
const GAP = new Float32Array(0.2 * 16000);

function joined(older: Turn, newer: Turn): Turn {
  const all = new Float32Array(older.audio.length + GAP.length + newer.audio.length);
  all.set(older.audio);
  all.set(newer.audio, older.audio.length + GAP.length);
  // Other audio than the early recognition heard: recognised afresh.
  return { ...newer, audio: all.length > MAX_SAMPLES ? all.slice(-MAX_SAMPLES) : all, t0: older.t0, merged: [...(older.merged ?? []), older.id], early: undefined };
}

/**
 * The recogniser as a stage of the call (base/stage.ts): one channel's finished turns in, one event per turn out, in
 * order: `final` with the words, `unheard` with why (failed, unclear), or `merged` into a later turn (live calls
 * under load). A few turns wait at most (`block`): the wait reaches back through the VAD to the source, so a
 * recording is never read far ahead of the recogniser.
 */
export function recogniserStage(channel: Channel, engine: AsrEngine, s: RecogniseSettings): Stage<Turn, TranscriptEvent> {
  return createStage<Turn, TranscriptEvent>({
    name: `recogniser (${channel})`,
    capacity: 3,
    overflow: 'block',
    merge: (older, newer) => (s.maxLagMs !== undefined && performance.now() - older.stoppedAt > s.maxLagMs ? joined(older, newer) : undefined),
    handle: async (turn, emit) => {
      const { id, t0, t1, stoppedAt } = turn;
      const lag = () => Math.round(performance.now() - stoppedAt);
      for (const older of turn.merged ?? []) emit({ type: 'merged', id: older, into: id, channel });
      try {
        const fresh = () => engine.transcribe(turn.audio, { language: s.language, deadline: stoppedAt + s.dueMs });
        // An early recognition that failed (a crash, or cancelled) is no answer: the turn is recognised again.
        const r = await (turn.early ? turn.early.catch(fresh) : fresh());
        if (isHallucination(r.text, r.prob, s.minProb)) emit({ type: 'unheard', id, channel, reason: 'unclear', lagMs: lag() });
        else emit({ type: 'final', id, channel, text: r.text, lang: r.language, t0, t1, prob: r.prob, asrMs: r.ms });
      } catch (error) {
        emit({ type: 'unheard', id, channel, reason: 'failed', lagMs: lag(), message: errorMessage(error) });
      }
    },
  });
}

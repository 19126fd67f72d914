import fs from 'node:fs';
import path from 'node:path';
import type { AudioSource } from '../audio/frames.ts';
import { Listener } from '../asr/listener.ts';
import { SmartTurn, smartTurnModel } from '../asr/smart-turn/index.ts';
import type { AsrEngine, AsrLanguage } from '../asr/types.ts';
import { sileroDetector, type EndOfTurnJudge, type VadSettings } from '../asr/vad.ts';
import { cacheDir, type AppPaths } from '../base/paths.ts';

/** What a call hears with: audio in, a recogniser, and how a turn's end is found. */
export interface Hearing {
  source: AudioSource;
  recogniser: AsrEngine;
  language: AsrLanguage;
  /** Smart Turn, when its model is here; otherwise a fixed silence ends each turn. */
  endOfTurn?: EndOfTurnJudge;
  vad?: Partial<VadSettings>;
  /** A random-weights recogniser (tests, demos): every transcript is kept. */
  fixture?: boolean;
  /** A live call: a customer turn the recogniser could not reach within this after they stopped is skipped, not served late. */
  maxLagMs?: number;
  /** Recognise the customer's turn at their first pause, before its end is decided (default: on live calls, those with maxLagMs). */
  early?: boolean;
  /** The customer's words so far, while they speak and at their pauses, for suggestions prepared before their turn ends. */
  prepare?: boolean;
}

/** Live calls: past this the customer has moved on, and a suggestion for what they said before would mislead. */
export const LIVE_MAX_LAG_MS = 3000;

/**
 * The first data walk, up to the words: audio frames -> Silero VAD per channel -> end of turn (silence, or Smart Turn
 * on each short pause) -> the recogniser (customer turns first, late ones skipped on live calls) -> transcript events in
 * order per channel (asr/listener.ts).
 */
export function openHearing(h: Hearing): Listener {
  return new Listener({ source: h.source, engine: h.recogniser, detector: sileroDetector, language: h.language, minProb: h.fixture ? 0 : undefined, vad: h.vad, endOfTurn: h.endOfTurn, maxLagMs: h.maxLagMs, early: h.early ?? h.maxLagMs !== undefined, partials: h.prepare });
}

let smartTurn: Promise<SmartTurn | undefined> | undefined;

/** Smart Turn from the models folder or the set-up cache, loaded once per process; undefined when it is not here. */
export function endOfTurnJudge(paths: AppPaths, env: NodeJS.ProcessEnv = process.env): Promise<EndOfTurnJudge | undefined> {
  const file = [paths.modelsDir, cacheDir(env)].map((dir) => path.join(dir, smartTurnModel.file)).find((f) => fs.existsSync(f));
  smartTurn ??= file ? SmartTurn.load(file).catch(() => undefined) : Promise.resolve(undefined);
  return smartTurn;
}

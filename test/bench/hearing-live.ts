/**
 * Part of `npm run bench:hearing`, in one process as the app runs calls (live pacing, the live lag bound: a turn the
 * recogniser cannot reach within 3 s is merged into the caller's next one, and counted; calls started a little
 * apart): the customer's last word -> suggestion on one quiet call against eight calls at once on one recogniser (the
 * autopilot's case), and Whisper against SenseVoice on the Mandarin sample call. SenseVoice runs on a generated model
 * of the real size and interface (random weights): its timings are real, its words are not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { senseVoiceFixture } from '../../main/asr/models/sensevoice-fixture.ts';
import { SenseVoiceEngine } from '../../main/asr/sensevoice-engine.ts';
import type { AsrEngine } from '../../main/asr/types.ts';
import type { AudioSource } from '../../main/audio/frames.ts';
import { SmartTurn } from '../../main/asr/smart-turn/index.ts';
import { WhisperEngine } from '../../main/asr/whisper-engine.ts';
import { openFileSource } from '../../main/audio/file-source.ts';
import { loadSampleCall, renderSampleCall } from '../../main/audio/sample-call.ts';
import { cacheDir } from '../../main/base/paths.ts';
import { BrainRegistry } from '../../main/brain/index.ts';
import type { Language } from '../../main/brain/language.ts';
import { LIVE_MAX_LAG_MS } from '../../main/call/hearing.ts';
import { openCallPipeline } from '../../main/call/pipeline.ts';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { durationOf } from '../fixtures/speech.ts';
import { repoRoot } from '../helpers/cli.ts';
import { emit, summarize } from './stats.ts';

interface Case {
  name: string;
  language: Language;
  calls: number;
  engine: () => Promise<AsrEngine>;
  /** Random weights: every transcript is kept. */
  fixture: boolean;
  /** Recognise at the customer's first pause (the app's default on live calls). */
  early: boolean;
  /** Smart Turn ends turns (else a fixed 600 ms silence). */
  smart?: boolean;
  /** Suggestions prepared from the customer's words so far (partials while they speak, and early words at a pause). */
  prepare?: boolean;
  /** Only the customer's side is heard, as on the autopilot's calls (the bot knows its own words). */
  customerOnly?: boolean;
  /**
   * Calls start across one call's length, so their turns fall as independent calls' do. Otherwise they start within
   * 2 s of each other: every customer stops within 2 s of the others (the same call, eight times): the worst case.
   */
  staggered?: boolean;
}

/** The call's customer side alone: the autopilot's line carries no rep channel to recognise. */
function customerOnly(source: AudioSource): AudioSource {
  return {
    channels: ['customer'],
    close: () => source.close(),
    async *[Symbol.asyncIterator]() {
      for await (const frame of source) if (frame.channel === 'customer') yield frame;
    },
  };
}

/** CALLCUE_BENCH_CASES (a regular expression): only the clips (hearing.ts) and live cases it names are run. */
export const onlyCases = process.env.CALLCUE_BENCH_CASES ? new RegExp(process.env.CALLCUE_BENCH_CASES) : undefined;

/** `smartTurn`: the Smart Turn model file, for the cases that end turns with it. */
export async function benchLiveCalls(model: string, machine: string, smartTurn: string): Promise<void> {
  const fixture = model.startsWith('fixture:');
  const whisperPath = fixture ? (await import('../../main/asr/models/fixture.ts')).fixtureModel('tiny') : model;
  const whisper = () => WhisperEngine.start({ model: whisperPath, maxTokens: fixture ? 24 : 0, temperatureFallback: !fixture });
  const senseVoice = () => SenseVoiceEngine.start({ dir: senseVoiceFixture('small'), languages: ['zh'] });
  // Early recognition off and on, with each way of ending a turn, one after the other (a machine that slows over the
  // run slows both alike); then the load and Mandarin cases as the app runs them.
  const cases = ([
    { name: 'quiet, silence, recognised at the end', language: 'en', calls: 1, engine: whisper, fixture, early: false },
    { name: 'quiet', language: 'en', calls: 1, engine: whisper, fixture, early: true },
    { name: 'quiet, Smart Turn, recognised at the end', language: 'en', calls: 1, engine: whisper, fixture, early: false, smart: true },
    { name: 'quiet, Smart Turn', language: 'en', calls: 1, engine: whisper, fixture, early: true, smart: true },
    { name: '8 concurrent calls', language: 'en', calls: 8, engine: whisper, fixture, early: true },
    { name: 'quiet, customer only', language: 'en', calls: 1, engine: whisper, fixture, early: true, customerOnly: true },
    { name: '8 concurrent calls, customer only (the autopilot)', language: 'en', calls: 8, engine: whisper, fixture, early: true, customerOnly: true },
    { name: '8 concurrent calls, customer only, staggered', language: 'en', calls: 8, engine: whisper, fixture, early: true, customerOnly: true, staggered: true },
    { name: 'quiet, prepared', language: 'en', calls: 1, engine: whisper, fixture, early: true, prepare: true },
    { name: 'quiet, Smart Turn, prepared', language: 'en', calls: 1, engine: whisper, fixture, early: true, smart: true, prepare: true },
    { name: 'zh, Whisper', language: 'zh-CN', calls: 1, engine: whisper, fixture, early: true },
    { name: 'zh, Whisper, prepared', language: 'zh-CN', calls: 1, engine: whisper, fixture, early: true, prepare: true },
    { name: 'zh, SenseVoice (generated model)', language: 'zh-CN', calls: 1, engine: senseVoice, fixture: true, early: true },
    { name: 'zh, SenseVoice (generated model), Smart Turn', language: 'zh-CN', calls: 1, engine: senseVoice, fixture: true, early: true, smart: true },
    { name: 'zh, SenseVoice (generated model), prepared', language: 'zh-CN', calls: 1, engine: senseVoice, fixture: true, early: true, prepare: true },
  ] satisfies Case[]).filter((c: Case) => !onlyCases || onlyCases.test(c.name));
  const judge = await SmartTurn.load(smartTurn);
  const medians = new Map<string, number>();
  const resources = path.join(repoRoot, 'resources');
  const brains = new BrainRegistry(resources);
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-live-'));
  const store = await MetadataStore.open({ dataDir: data, keys: fileKeyStore(data) });
  const quietP95 = new Map<string, number>();
  try {
    for (const c of cases) {
      const audio = renderSampleCall(loadSampleCall(resources, 'insurance', c.language), cacheDir());
      const engine = await c.engine();
      const fromStop: number[] = [];
      const shown: number[] = [];
      const prepared = { confirmed: 0, replaced: 0 };
      let merged = 0;
      let turns = 0;
      try {
        await Promise.all(
          Array.from({ length: c.calls }, async (_, i) => {
            await new Promise((r) => setTimeout(r, (i * (c.staggered ? durationOf(audio) * 1000 : 2000)) / c.calls));
            const brain = (await brains.brain('insurance')).startCall({ language: c.language, mode: 'auto', timeZone: 'UTC' });
            const file = await openFileSource(audio, { realtime: true });
            const source = c.customerOnly ? customerOnly(file) : file;
            const language = c.language === 'zh-CN' ? ('zh' as const) : ('en' as const);
            const pipeline = openCallPipeline({ mode: 'auto', plugin: 'insurance', brain, store, asr: engine.info.model, hearing: { source, recogniser: engine, language, fixture: c.fixture, maxLagMs: LIVE_MAX_LAG_MS, early: c.early, prepare: c.prepare, endOfTurn: c.smart ? judge : undefined } });
            let callMerged = 0;
            for await (const e of pipeline.events) {
              if (e.type === 'turn') {
                fromStop.push(e.speech_stop_to_suggestion_ms);
                shown.push(e.speech_stop_to_shown_ms);
                if (e.prepared) prepared[e.prepared]++;
              }
              if (e.type === 'hearing') callMerged = e.merged;
              if (e.type === 'ended') turns += e.turns;
            }
            merged += callMerged;
          }),
        );
      } finally {
        await engine.close();
      }
      const s = summarize(fromStop);
      medians.set(c.name, s.median);
      const shape = `${c.language}/${c.customerOnly ?? false}`;
      if (c.calls === 1 && c.early && !c.smart) quietP95.set(shape, s.p95);
      const quiet = quietP95.get(shape);
      emit({ bench: 'hearing', case: c.name, calls: c.calls, channels: c.customerOnly ? 'customer' : 'rep, customer', language: c.language, end_of_turn: c.smart ? 'smart turn' : 'silence 600 ms', early_recognition: c.early, recogniser: `${engine.info.engine} ${engine.info.model}`, metric: 'speech_stop_to_suggestion_ms', ...s, customer_turns_merged: merged, turns, ...(c.prepare && { speech_stop_to_shown_ms: summarize(shown), prepared, ready_at_last_word: shown.filter((ms) => ms <= 0).length }), ...(c.calls > 1 && quiet && { p95_vs_quiet: Math.round((s.p95 / quiet) * 100) / 100 }), machine });
    }
    const saved = (metric: string, pairs: Record<string, [string, string]>) => {
      for (const [what, [before, after]] of Object.entries(pairs)) {
        if (medians.has(before) && medians.has(after)) emit({ bench: 'hearing', metric, case: what, value: Math.round(medians.get(before)! - medians.get(after)!), machine });
      }
    };
    saved('early_recognition_saved_ms', { silence: ['quiet, silence, recognised at the end', 'quiet'], 'smart turn': ['quiet, Smart Turn, recognised at the end', 'quiet, Smart Turn'] });
    saved('smart_turn_saved_ms', { 'en, Whisper': ['quiet', 'quiet, Smart Turn'], 'zh, SenseVoice (generated model)': ['zh, SenseVoice (generated model)', 'zh, SenseVoice (generated model), Smart Turn'] });
  } finally {
    await store.close();
    fs.rmSync(data, { recursive: true, force: true });
  }
}

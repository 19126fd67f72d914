import { CONSENT_VERSION, type CallEvent, type CallSource, type CallStatus, type CallSummary, type PageCapture, type Settings } from '../../preload/contract.ts';
import type { PageAudio } from '../audio/page-source.ts';
import { openFileSource } from '../audio/file-source.ts';
import type { AudioSource } from '../audio/frames.ts';
import { openLiveCall } from '../audio/live-call.ts';
import { loadSampleCall, renderSampleCall } from '../audio/sample-call.ts';
import { resolveModel, type ResolvedModel } from '../asr/models/resolve.ts';
import { Recognisers } from '../asr/recogniser.ts';
import type { SpawnWorker } from '../asr/worker-port.ts';
import type { BrainRegistry } from '../brain/index.ts';
import type { Language } from '../brain/language.ts';
import { CallcueError } from '../base/errors.ts';
import { cacheDir, type AppPaths } from '../base/paths.ts';
import type { EventHub } from '../ipc/events.ts';
import type { CallcueLog } from '../log/index.ts';
import type { MetadataStore } from '../store/index.ts';
import { startCallLifecycle } from '../call/lifecycle.ts';
import { LIVE_MAX_LAG_MS } from '../call/hearing.ts';
import { openCallPipeline, type CallSession } from '../call/pipeline.ts';


/** What the call services (assist mode here, campaigns in main/campaign) are built from; core makes it once. */
export interface CallingDeps {
  brains: BrainRegistry;
  settings: () => Promise<Settings>;
  store: () => Promise<MetadataStore>;
  hub: EventHub;
  /** The structured log (metadata only). */
  log: CallcueLog;
  paths: AppPaths;
  env: NodeJS.ProcessEnv;
  /** `--model` spec for calls; default: the configured model, else the reference transcript. */
  model?: string;
  /** How the Whisper process is started: a utility process in the app, a child Node process headless. */
  spawnWhisper?: SpawnWorker;
  /** How the SenseVoice process is started (default: a child Node process). */
  spawnSenseVoice?: SpawnWorker;
  /** The built voice-worker.cjs in the app (default: from source). */
  voiceWorker?: string;
}

interface Deps extends CallingDeps {
  /** Audio the app's page captures (`page:` devices). */
  page: PageAudio;
}

interface Active {
  session: CallSession;
  stop(): Promise<void>;
  done: Promise<CallSummary>;
  life: ReturnType<typeof startCallLifecycle>;
  asr: string;
  capture: PageCapture[];
  /** The latest opening-or-turn and checklist events, in the order they came: what a reloaded page replays. */
  replay: CallEvent[];
}

/** Which replayed event an event replaces: a turn supersedes the opening and the turn before it. */
const slotOf = (event: CallEvent) => (event.type === 'turn' ? 'opening' : event.type);
const replayed = new Set<CallEvent['type']>(['opening', 'turn', 'checklist']);

/**
 * Assist mode for the app: one call at a time, its events pushed to the pages, its metadata in the store.
 * No call starts before the rep has consented to the current terms.
 */
export class AssistService {
  readonly #d: Deps;
  #active: Active | undefined;
  #engine: { key: string; engine: Recognisers } | undefined;

  constructor(deps: Deps) {
    this.#d = deps;
  }

  async consentStatus(): Promise<{ required: string; given: boolean; givenAt: number | null }> {
    const latest = await (await this.#d.store()).call('latestConsent', { kind: 'rep_processing' });
    const given = latest?.version === CONSENT_VERSION;
    return { required: CONSENT_VERSION, given, givenAt: given ? latest!.givenAt : null };
  }

  async giveConsent(version: string): Promise<{ givenAt: number }> {
    if (version !== CONSENT_VERSION) throw new CallcueError('consent_outdated', 'These terms are out of date: reload the app and read the current ones.');
    const givenAt = Date.now();
    await (await this.#d.store()).call('recordConsent', { kind: 'rep_processing', version, givenAt });
    return { givenAt };
  }

  async start(request: { plugin: string; language: Language; source: CallSource }): Promise<{ callId: string; asr: string; capture: PageCapture[] }> {
    if (this.#active) throw new CallcueError('call_in_progress', 'A call is already running: end it first.');
    if (!(await this.consentStatus()).given) throw new CallcueError('consent_required', 'Agree to what CallCue processes and stores before the first call.');
    const store = await this.#d.store();
    const brain = await this.#d.brains.brain(request.plugin);
    const sample = loadSampleCall(this.#d.paths.resourcesDir, request.plugin, request.language);
    const settings = await this.#d.settings();
    const model = await resolveModel(this.#d.model ?? settings.model ?? undefined, this.#d.paths, this.#d.env).catch((error: unknown) => {
      if (error instanceof CallcueError && error.code === 'no_model') return undefined;
      throw error;
    });
    if (!model && request.source === 'devices') throw new CallcueError('no_model', 'A live call needs a Whisper model: download one in Settings.');
    // Devices first: a missing device fails the start before anything is stored.
    const audio: (AudioSource & { capture?: PageCapture[] }) | undefined =
      request.source === 'devices'
        ? await openLiveCall({ customer: settings.loopbackDevice ?? '', rep: settings.micDevice }, this.#d.page)
        : model && (await openFileSource(renderSampleCall(sample, cacheDir(this.#d.env)), { realtime: true }));
    const language = request.language === 'zh-CN' ? ('zh' as const) : ('en' as const);
    const engine = model && (await this.#engineFor(model, settings, language).catch((error: unknown) => {
      audio?.close();
      throw error;
    }));
    const call = brain.startCall({ language: request.language, mode: 'assist', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
    const asr = engine ? engine.label : 'reference';
    const hearing = engine && audio ? { source: audio, recogniser: engine, language, fixture: model.kind === 'fixture', vad: { endOfTurnMs: settings.endOfTurnMs }, maxLagMs: LIVE_MAX_LAG_MS, prepare: true } : { script: sample.turns };
    const pipeline = openCallPipeline({ mode: 'assist', plugin: request.plugin, brain: call, store, hearing, asr });
    const session = pipeline.session;
    const capture = audio?.capture ?? [];
    const replay: CallEvent[] = [];
    const done = (async (): Promise<CallSummary> => {
      let summary: CallSummary = { callId: session.callId, outcome: 'completed', state: call.state, turns: 0 };
      for await (const event of pipeline.events) {
        this.#d.hub.publish('call.event', event);
        if (replayed.has(event.type)) replay.splice(0, replay.length, ...replay.filter((e) => slotOf(e) !== slotOf(event)), event);
        if (event.type === 'ended') summary = { callId: event.callId, outcome: event.outcome, state: event.state, turns: event.turns };
      }
      return summary;
    })();
    const life = startCallLifecycle();
    life.send({ type: 'LIVE' });
    this.#active = { session, done, life, asr, capture, replay, stop: () => pipeline.stop() };
    done.then(
      () => life.send({ type: 'ENDED' }),
      () => life.send({ type: 'CRASHED' }),
    );
    void done.catch(() => undefined).finally(() => (this.#active = undefined));
    return { callId: session.callId, asr, capture };
  }

  /** The running call, if any: a page that reloads mid-call follows it again, and can end it. */
  status(): CallStatus {
    const a = this.#active;
    // Only a live or ending call is reported: the others have already left #active.
    return a && (a.life.state === 'live' || a.life.state === 'ending') ? { state: a.life.state, callId: a.session.callId, asr: a.asr, capture: a.capture, replay: [...a.replay] } : { state: 'idle' };
  }

  async stop(): Promise<CallSummary> {
    const active = this.#active;
    if (!active) throw new CallcueError('no_call', 'No call is running.');
    active.life.send({ type: 'END' });
    await active.stop();
    return active.done;
  }

  async useSuggestion(rank: number): Promise<{ used: boolean }> {
    if (!this.#active) throw new CallcueError('no_call', 'No call is running.');
    return { used: await this.#active.session.useSuggestion(rank) };
  }

  async close(): Promise<void> {
    if (this.#active) await this.stop().catch(() => undefined);
    await this.#engine?.engine.close();
  }

  /** The recognisers are kept between calls; a different model, language or choice replaces them. */
  async #engineFor(model: ResolvedModel, settings: Settings, language: 'zh' | 'en'): Promise<Recognisers> {
    const zhChoice = this.#d.model ? 'whisper' : settings.zhRecogniser;
    const key = `${model.path}|${settings.gpu}|${language}|${zhChoice}`;
    if (this.#engine?.key === key) return this.#engine.engine;
    await this.#engine?.engine.close();
    const engine = await Recognisers.open({ languages: [language], whisper: model, zhChoice, modelsDir: this.#d.paths.modelsDir, env: this.#d.env, whisperOptions: { gpu: settings.gpu, spawn: this.#d.spawnWhisper, root: this.#d.paths.appRoot }, spawnSenseVoice: this.#d.spawnSenseVoice });
    this.#engine = { key, engine };
    return engine;
  }
}

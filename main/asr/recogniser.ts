import { EventEmitter } from 'node:events';
import path from 'node:path';
import { CallcueError } from '../base/errors.ts';
import { findSenseVoice } from './models/catalog.ts';
import { resolveModel, type ResolvedModel } from './models/resolve.ts';
import type { AppPaths } from '../base/paths.ts';
import { SenseVoiceEngine } from './sensevoice-engine.ts';
import type { AsrEngine, AsrLanguage, AsrOptions, AsrResult } from './types.ts';
import { WhisperEngine, type WhisperEngineOptions } from './whisper-engine.ts';
import type { SpawnWorker } from './worker-port.ts';

export type RecogniserKind = 'sensevoice' | 'whisper';

/**
 * Which recogniser hears a language: Mandarin goes to SenseVoice when it is installed and chosen (the `zhRecogniser`
 * setting; SenseVoice is the stronger Mandarin model, Whisper's strength is English), everything else to Whisper;
 * whichever is installed when only one is. Null: neither is.
 */
export function recogniserFor(language: AsrLanguage, have: { senseVoice: boolean; whisper: boolean }, zhChoice: RecogniserKind = 'sensevoice'): RecogniserKind | null {
  const wanted = language === 'zh' && zhChoice === 'sensevoice' ? 'sensevoice' : 'whisper';
  if (wanted === 'sensevoice' ? have.senseVoice : have.whisper) return wanted;
  return have.senseVoice ? 'sensevoice' : have.whisper ? 'whisper' : null;
}

export interface RecogniserOptions {
  /** The languages calls will be in: their recognisers start now, any other on first use. */
  languages: AsrLanguage[];
  /** The Whisper model, if there is one. */
  whisper?: ResolvedModel;
  /** The `zhRecogniser` setting; an explicit `--model` means Whisper. */
  zhChoice?: RecogniserKind;
  modelsDir: string;
  env: NodeJS.ProcessEnv;
  /** How Whisper is started beyond its model (GPU, its process, threads). */
  whisperOptions?: Omit<WhisperEngineOptions, 'model' | 'maxTokens' | 'temperatureFallback'>;
  spawnSenseVoice?: SpawnWorker;
}

/**
 * The recogniser a call (or a campaign's calls) uses, as one AsrEngine: each utterance goes to the engine its language
 * gets (recogniserFor), each engine in its own process, started once. Crashes of either are passed on ('crash').
 */
export class Recognisers extends EventEmitter implements AsrEngine {
  readonly info: AsrEngine['info'];
  /** What calls record as their speech recognition, e.g. `sensevoice sherpa-onnx-sense-voice-… + whisper ggml-base.bin`. */
  readonly label: string;
  readonly #o: RecogniserOptions;
  readonly #senseVoice: string | null;
  readonly #engines = new Map<RecogniserKind, Promise<AsrEngine>>();

  private constructor(o: RecogniserOptions, senseVoice: string | null, first: AsrEngine, kinds: RecogniserKind[]) {
    super();
    this.#o = o;
    this.#senseVoice = senseVoice;
    this.info = first.info;
    this.label = kinds.map((k) => (k === 'sensevoice' ? `sensevoice ${path.basename(senseVoice!)}` : `whisper ${o.whisper!.name}`)).join(' + ');
  }

  static async open(options: RecogniserOptions): Promise<Recognisers> {
    // A random-weights Whisper is for timing the Whisper path: Mandarin stays on it.
    const o = options.whisper?.kind === 'fixture' ? { ...options, zhChoice: 'whisper' as const } : options;
    const senseVoice = findSenseVoice(o.env, o.modelsDir);
    const kinds = [...new Set(o.languages.map((l) => recogniserFor(l, { senseVoice: Boolean(senseVoice), whisper: Boolean(o.whisper) }, o.zhChoice)))];
    if (kinds.includes(null) || kinds.length === 0) throw new CallcueError('no_model', 'No speech model: download one in Settings, or run callcue models download base (or sensevoice for Mandarin).', { key: 'settings.noModel' });
    const started = new Map((kinds as RecogniserKind[]).map((k) => [k, startEngine(k, o, senseVoice)]));
    const engines = await Promise.allSettled(started.values());
    const failed = engines.find((e) => e.status === 'rejected');
    if (failed) {
      for (const e of engines) if (e.status === 'fulfilled') await e.value.close();
      throw failed.reason;
    }
    const first = (engines[0] as PromiseFulfilledResult<AsrEngine>).value;
    const r = new Recognisers(o, senseVoice, first, kinds as RecogniserKind[]);
    for (const [kind, engine] of started) r.#adopt(kind, engine);
    return r;
  }

  transcribe(pcm: Float32Array, options: AsrOptions = {}): Promise<AsrResult> {
    const kind = recogniserFor(options.language ?? 'auto', { senseVoice: Boolean(this.#senseVoice), whisper: Boolean(this.#o.whisper) }, this.#o.zhChoice)!;
    return (this.#engines.get(kind) ?? this.#adopt(kind, startEngine(kind, this.#o, this.#senseVoice))).then((e) => e.transcribe(pcm, options));
  }

  async close(): Promise<void> {
    await Promise.all([...this.#engines.values()].map((e) => e.then((engine) => engine.close(), () => undefined)));
  }

  #adopt(kind: RecogniserKind, engine: Promise<AsrEngine>): Promise<AsrEngine> {
    this.#engines.set(kind, engine);
    void engine.then((e) => (e as AsrEngine & EventEmitter).on('crash', (c) => this.emit('crash', c)), () => this.#engines.delete(kind));
    return engine;
  }
}

function startEngine(kind: RecogniserKind, o: RecogniserOptions, senseVoice: string | null): Promise<AsrEngine> {
  if (kind === 'sensevoice') return SenseVoiceEngine.start({ dir: senseVoice!, languages: o.languages.filter((l) => recogniserFor(l, { senseVoice: true, whisper: Boolean(o.whisper) }, o.zhChoice) === 'sensevoice'), spawn: o.spawnSenseVoice });
  const model = o.whisper!;
  return WhisperEngine.start({ ...o.whisperOptions, model: model.path, maxTokens: model.maxTokens, temperatureFallback: model.kind !== 'fixture' });
}

/** The Whisper model for `spec` (resolveModel); with SenseVoice installed and no model asked for, none is no error. */
export async function optionalWhisper(spec: string | undefined, paths: AppPaths, env: NodeJS.ProcessEnv): Promise<ResolvedModel | undefined> {
  return resolveModel(spec, paths, env).catch((error: unknown) => {
    if (!spec && error instanceof CallcueError && error.code === 'no_model' && findSenseVoice(env, paths.modelsDir)) return undefined;
    throw error;
  });
}

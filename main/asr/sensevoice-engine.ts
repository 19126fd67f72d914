import fs from 'node:fs';
import path from 'node:path';
import { CallcueError } from '../base/errors.ts';
import type { AsrEngine, AsrLanguage } from './types.ts';
import { WorkerEngine } from './worker-engine.ts';
import { forkSenseVoiceWorker, type SpawnWorker } from './worker-port.ts';

export interface SenseVoiceEngineOptions {
  /** A folder with sherpa-onnx's SenseVoice export: model.int8.onnx and tokens.txt. */
  dir: string;
  /** Decoding threads (default 1: SenseVoice-Small decodes 5 s of audio in about 0.18 s on one thread, see README). */
  threads?: number;
  /** Language hints to load at start (one recogniser each); others load on first use. Default: auto. */
  languages?: AsrLanguage[];
  spawn?: SpawnWorker;
  /** Restarts allowed within a minute before the engine gives up. */
  maxRestarts?: number;
}

/**
 * SenseVoice-Small (FunAudioLLM; sherpa-onnx's int8 ONNX export) in its own process: Mandarin, Cantonese, English,
 * Japanese and Korean, non-autoregressive (one CTC pass, so no runaway decodes). Same queue, crash and restart
 * behaviour as the Whisper engine (worker-engine.ts). No hotwords or prompt: sherpa-onnx supports hotwords only for
 * transducer models with modified beam search, and SenseVoice decodes greedily.
 */
export class SenseVoiceEngine extends WorkerEngine implements AsrEngine {
  static async start(options: SenseVoiceEngineOptions): Promise<SenseVoiceEngine> {
    checkSenseVoiceDir(options.dir);
    const threads = options.threads ?? 1;
    const engine = new SenseVoiceEngine(
      { engine: 'SenseVoice (sherpa-onnx)', model: path.basename(path.resolve(options.dir)), backend: 'cpu (onnxruntime)', threads, loadMs: 0 },
      { name: 'SenseVoice', model: options.dir, load: { dir: options.dir, threads, languages: options.languages ?? ['auto'] }, spawn: options.spawn ?? forkSenseVoiceWorker, maxRestarts: options.maxRestarts ?? 3 },
    );
    await engine.boot();
    return engine;
  }
}

/** The two files sherpa-onnx needs, checked before a process starts: one clear error instead of a native one. */
export function checkSenseVoiceDir(dir: string): void {
  for (const file of ['model.int8.onnx', 'tokens.txt']) {
    if (!fs.existsSync(path.join(dir, file))) throw new CallcueError('no_model', `${dir} is not a SenseVoice model folder: ${file} is missing. Run callcue models download sensevoice.`);
  }
}

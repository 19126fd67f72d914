import type { PypiAsset } from '../models/pypi.ts';
import { lastWindow, logMelFeatures, N_FRAMES, N_MELS } from './features.ts';

/**
 * Pipecat's Smart Turn v3.2 (BSD-2): from the last 8 s of a speaker's audio, the probability that their turn is
 * finished, judged from how they speak (intonation, pace, filler words) rather than from how long they have been
 * quiet. The 8.7 MB CPU model ships inside the `pipecat-ai` wheel on PyPI; it is fetched and sha256-checked at
 * set-up, never committed.
 */
export const smartTurnModel: PypiAsset = {
  file: 'smart-turn-v3.2-cpu.onnx',
  packages: ['pipecat-ai==1.14.0'],
  parts: /smart_turn\/data\/smart-turn-v3\.2-cpu\.onnx$/,
  sha256: '2bb026316b14a660486a75b1733cd3fbab8c2fd0314dc9af7be49f8cca967e4f',
};

export class SmartTurn {
  readonly #session: import('onnxruntime-node').InferenceSession;
  readonly #ort: typeof import('onnxruntime-node');

  private constructor(ort: typeof import('onnxruntime-node'), session: import('onnxruntime-node').InferenceSession) {
    this.#ort = ort;
    this.#session = session;
  }

  /** One thread, no spinning: it shares the CPU with Whisper (as Silero VAD does, see vad.ts). */
  static async load(file: string): Promise<SmartTurn> {
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
    return new SmartTurn(ort, session);
  }

  /** Probability (0-1) that the speaker has finished, from their turn's audio so far (16 kHz mono). */
  async finished(audio: Float32Array): Promise<number> {
    const features = logMelFeatures(lastWindow(audio));
    const input = new this.#ort.Tensor('float32', features, [1, N_MELS, N_FRAMES]);
    const output = await this.#session.run({ input_features: input });
    return Number((Object.values(output)[0]!.data as Float32Array)[0]);
  }
}

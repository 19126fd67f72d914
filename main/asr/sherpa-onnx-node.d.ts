// sherpa-onnx-node documents its API in JSDoc only; this is the part CallCue uses (non-streaming recognition).
declare module 'sherpa-onnx-node' {
  export interface OfflineRecognizerConfig {
    featConfig?: { sampleRate?: number; featureDim?: number };
    modelConfig: {
      senseVoice?: { model: string; language?: string; useInverseTextNormalization?: number };
      tokens: string;
      numThreads?: number;
      provider?: string;
      debug?: number;
    };
    decodingMethod?: string;
  }
  /** `lang`, `emotion` and `event` are SenseVoice's special tokens, e.g. `<|zh|>`, `<|NEUTRAL|>`, `<|Speech|>`. */
  export interface OfflineRecognizerResult {
    text: string;
    lang: string;
    emotion: string;
    event: string;
    tokens: string[];
    timestamps: number[];
    ys_log_probs: number[];
  }
  export class OfflineStream {
    acceptWaveform(wave: { samples: Float32Array; sampleRate: number }): void;
    setOption(key: string, value: string): void;
  }
  export class OfflineRecognizer {
    constructor(config: OfflineRecognizerConfig);
    static createAsync(config: OfflineRecognizerConfig): Promise<OfflineRecognizer>;
    createStream(hotwords?: string): OfflineStream;
    decodeAsync(stream: OfflineStream): Promise<OfflineRecognizerResult>;
  }
  /** Offline text-to-speech (the bot's neural voice, main/tts/sherpa-voice.ts). */
  export interface OfflineTtsConfig {
    model: {
      vits?: { model: string; tokens: string; lexicon?: string; dataDir?: string; noiseScale?: number; noiseScaleW?: number; lengthScale?: number };
      numThreads?: number;
      provider?: string;
      debug?: boolean | number;
    };
    /** Sentences synthesised per model run (and per onProgress call). */
    maxNumSentences?: number;
    silenceScale?: number;
  }
  export interface GeneratedAudio {
    samples: Float32Array;
    sampleRate: number;
  }
  export class OfflineTts {
    readonly sampleRate: number;
    readonly numSpeakers: number;
    static createAsync(config: OfflineTtsConfig): Promise<OfflineTts>;
    generate(request: { text: string; sid: number; speed: number }): GeneratedAudio;
    /** Synthesis on a libuv thread; onProgress gets each finished batch of sentences (return false to stop). */
    generateAsync(request: { text: string; sid: number; speed: number; onProgress?: (info: { samples: Float32Array; progress: number }) => number | boolean | void }): Promise<GeneratedAudio>;
  }
  const sherpa: { OfflineRecognizer: typeof OfflineRecognizer; OfflineTts: typeof OfflineTts };
  export default sherpa;
}

/**
 * Audio worklet: collects the captured audio (the context runs at 16 kHz, so Chromium has already resampled it) into
 * 512-sample frames and posts each one to the page as 16-bit PCM. Runs on the audio thread, never the UI's.
 */
declare const sampleRate: number;
declare function registerProcessor(name: string, processor: new () => unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

const FRAME = 512;

class PcmFrames extends AudioWorkletProcessor {
  readonly #frame = new Int16Array(FRAME);
  #filled = 0;

  process(inputs: Float32Array[][]): boolean {
    const mono = inputs[0]?.[0];
    if (!mono || sampleRate !== 16000) return true;
    for (const sample of mono) {
      this.#frame[this.#filled++] = Math.max(-32768, Math.min(32767, Math.round(sample * 32768)));
      if (this.#filled === FRAME) {
        this.port.postMessage(this.#frame.slice());
        this.#filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('pcm-frames', PcmFrames);

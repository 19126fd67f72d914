// whisper-node ships no types; the benchmark calls only this.
declare module 'whisper-node' {
  export function whisper(file: string, options?: object): Promise<unknown>;
}

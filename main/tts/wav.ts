import { CallcueError } from '../base/errors.ts';
import type { Speech } from './index.ts';

/** The PCM of a 16-bit mono WAV as the OS voices write it (chunks other than fmt and data are skipped). */
export function readWav(data: Buffer, source: string): Speech {
  if (data.length < 12 || data.toString('latin1', 0, 4) !== 'RIFF' || data.toString('latin1', 8, 12) !== 'WAVE') throw new CallcueError('tts_failed', `${source} did not produce a WAV.`);
  let sampleRate = 0;
  for (let at = 12; at + 8 <= data.length; ) {
    const id = data.toString('latin1', at, at + 4);
    // Streamed WAVs (espeak-ng --stdout) carry a placeholder size: the data runs to the end.
    let size = data.readUInt32LE(at + 4);
    if (id === 'data' && (size === 0 || at + 8 + size > data.length)) size = data.length - at - 8;
    if (id === 'fmt ') {
      if (data.readUInt16LE(at + 8) !== 1 || data.readUInt16LE(at + 10) !== 1 || data.readUInt16LE(at + 22) !== 16) throw new CallcueError('tts_failed', `${source} wrote a WAV that is not 16-bit mono PCM.`);
      sampleRate = data.readUInt32LE(at + 12);
    }
    if (id === 'data') {
      const bytes = data.subarray(at + 8, at + 8 + size - (size % 2));
      return { sampleRate, samples: new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)) };
    }
    at += 8 + size + (size % 2);
  }
  throw new CallcueError('tts_failed', `${source} wrote a WAV without audio.`);
}

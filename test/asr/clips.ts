import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.ts';

/** Real recordings with reference transcripts (../shared/audio, described in its README.md), never copied into git. */
export const sharedAudio = path.resolve(repoRoot, '..', 'shared', 'audio');

/** The English clips that have references (shared/audio/README.md). */
export const englishReferences: Record<string, string> = {
  'jfk.wav': 'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.',
  'judgment.mp3':
    'By what he is said and done, a man judges himself by what he is willing to do, by what he might have said, or might have done, a judgment that is necessarily hampered, but only by the scope and limits of his imagination, but by the ever-changing measure of his doubt and self-esteem.',
};

/** zh-clips.tsv: Mandarin recordings and their datasets' own transcripts; empty where the file is absent. */
export function mandarinClips(): { file: string; reference: string }[] {
  const tsv = path.join(sharedAudio, 'zh-clips.tsv');
  if (!fs.existsSync(tsv)) return [];
  return fs.readFileSync(tsv, 'utf8').trim().split('\n').map((line) => {
    const [file, reference] = line.split('\t') as [string, string];
    return { file, reference };
  });
}

export type Band = 'wideband' | 'telephone';

/**
 * A recording as 16 kHz mono float samples, as the engines take them. `telephone`: what a phone line leaves of it
 * (300-3400 Hz, 8 kHz, G.711 mu-law), then back up to 16 kHz as the app's resampler would.
 */
export function decodeClip(file: string, band: Band = 'wideband'): Float32Array {
  const filter = band === 'telephone' ? ['-af', 'highpass=f=300,lowpass=f=3400,aresample=8000', '-c:a', 'pcm_mulaw', '-f', 'wav', '-'] : null;
  const input = filter ? execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-ac', '1', ...filter], { maxBuffer: 1 << 28 }) : undefined;
  const out = execFileSync('ffmpeg', ['-v', 'error', '-i', input ? 'pipe:0' : file, '-ar', '16000', '-ac', '1', '-f', 'f32le', '-'], { input, maxBuffer: 1 << 28 });
  return new Float32Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength));
}

import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { CallcueError } from '../base/errors.ts';
import { FRAME_MS, FRAME_SAMPLES, SAMPLE_RATE, type AudioFrame, type AudioSource, type Channel } from './frames.ts';

const bad = (message: string) => new CallcueError('bad_audio', message);

/** Checks a WAV file's chunk sizes against its length: a truncated recording is an error, not a shorter call. */
function checkWav(file: string, head: Buffer, size: number): void {
  if (head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') return;
  let at = 12;
  while (at + 8 <= head.length) {
    const id = head.toString('ascii', at, at + 4);
    const length = head.readUInt32LE(at + 4);
    if (id === 'data') {
      if (at + 8 + length > size) throw bad(`${file}: the WAV file is truncated (its header promises ${length} bytes of audio, ${size - at - 8} are there).`);
      return;
    }
    at += 8 + length + (length % 2);
  }
  throw bad(`${file}: the WAV file has no audio data chunk.`);
}

function probeChannels(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=channels', '-of', 'csv=p=0', file], { timeout: 15_000 }, (error, stdout) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        reject(code === 'ENOENT' ? new CallcueError('no_ffmpeg', 'ffmpeg is needed to read audio files: install ffmpeg (apt install ffmpeg, brew install ffmpeg, or winget install ffmpeg).') : bad(`${file}: not a readable audio file (unsupported format or corrupted).`));
        return;
      }
      const channels = Number(stdout.trim().split('\n')[0]);
      if (!channels) reject(bad(`${file}: has no audio stream.`));
      else resolve(channels);
    });
  });
}

/**
 * A recording as a call: stereo files are left = rep, right = customer; mono files are the customer.
 * Decoded and resampled to 16 kHz by ffmpeg. `realtime` paces frames like a live call (demos, simulate).
 */
export async function openFileSource(file: string, options: { realtime?: boolean } = {}): Promise<AudioSource> {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw bad(`${file}: no such file.`);
  if (!stat.isFile()) throw bad(`${file}: not a file.`);
  if (stat.size === 0) throw bad(`${file}: the file is empty.`);
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(Math.min(stat.size, 4096));
  fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  checkWav(file, head, stat.size);
  const inputChannels = await probeChannels(file);
  const layout: Channel[] = inputChannels >= 2 ? ['rep', 'customer'] : ['customer'];
  let ffmpeg: ReturnType<typeof spawn> | undefined;
  let closed = false;

  async function* frames(): AsyncGenerator<AudioFrame> {
    if (closed) return;
    // Decoding starts when the frames are read: a short clip decoded while the listener was still loading its VAD
    // finished before anyone read it, and its audio was lost ("contains no audio" for a 1.4 s utterance).
    ffmpeg = spawn('ffmpeg', ['-v', 'error', '-nostdin', '-i', file, '-f', 'f32le', '-acodec', 'pcm_f32le', '-ar', String(SAMPLE_RATE), '-ac', String(layout.length), '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    ffmpeg.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => ffmpeg!.on('close', resolve));
    const bytesPerFrame = FRAME_SAMPLES * 4 * layout.length;
    let pending = Buffer.alloc(0);
    let index = 0;
    const started = performance.now();
    const emit = function* (chunk: Buffer): Generator<AudioFrame> {
      for (const [c, channel] of layout.entries()) {
        const samples = new Float32Array(FRAME_SAMPLES);
        for (let i = 0; i < FRAME_SAMPLES; i++) samples[i] = chunk.readFloatLE((i * layout.length + c) * 4);
        yield { channel, samples, t: index * FRAME_MS };
      }
      index++;
    };
    for await (const data of ffmpeg.stdout as AsyncIterable<Buffer>) {
      pending = Buffer.concat([pending, data]);
      while (pending.length >= bytesPerFrame && !closed) {
        if (options.realtime) {
          const due = started + index * FRAME_MS - performance.now();
          if (due > 0) await new Promise((r) => setTimeout(r, due));
        }
        yield* emit(pending.subarray(0, bytesPerFrame));
        pending = pending.subarray(bytesPerFrame);
      }
      if (closed) return;
    }
    const code = await exited;
    if (code !== 0 && !closed) throw bad(`${file}: could not be decoded (${stderr.trim().split('\n').at(-1) ?? `ffmpeg exit ${code}`}).`);
    if (index === 0) throw bad(`${file}: contains no audio.`);
    if (pending.length > 0) yield* emit(Buffer.concat([pending, Buffer.alloc(bytesPerFrame - pending.length)]));
  }

  return {
    channels: layout,
    [Symbol.asyncIterator]: frames,
    close() {
      closed = true;
      ffmpeg?.kill();
    },
  };
}

import { execFile, spawn } from 'node:child_process';
import { CallcueError } from '../base/errors.ts';
import { Framer, liveFrameQueue, SAMPLE_RATE, type AudioSource, type Channel } from './frames.ts';

/**
 * One PulseAudio source by name (on Linux, a sink's monitor is how the softphone's output is heard), recorded by
 * PulseAudio's own `parec` at 16 kHz mono. Measured: node-web-audio-api's capture of a monitor kept 3.5 s of 12 s
 * when two background processes were busy, and glitched even when idle with its 'playback' latency; parec, buffered
 * by the server, kept all of it.
 */
export async function openPulseSource(name: string, channel: Channel): Promise<AudioSource & { device: string }> {
  const child = spawn('parec', [`--device=${name}`, '--format=float32le', `--rate=${SAMPLE_RATE}`, '--channels=1', '--latency-msec=60'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const framer = new Framer(channel, SAMPLE_RATE);
  const queue = liveFrameQueue();
  let carry = Buffer.alloc(0);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.once('error', (error) => reject(new CallcueError('audio_unavailable', `Cannot capture ${name}: parec (Debian: pulseaudio-utils) did not start (${error.message}).`)));
    child.once('exit', (code) => reject(new CallcueError('no_device', `Cannot capture the PulseAudio source "${name}" (parec exit ${code}: ${stderr.trim() || 'no such source?'}).`)));
    // parec says nothing when it works: the first audio is the proof.
    child.stdout.once('data', () => resolve());
    child.stdout.on('data', (chunk: Buffer) => {
      const bytes = Buffer.concat([carry, chunk]);
      const whole = bytes.length - (bytes.length % 4);
      carry = bytes.subarray(whole);
      const samples = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + whole));
      for (const frame of framer.push(samples)) queue.push(frame);
    });
  });
  child.on('exit', () => queue.end());
  return {
    channels: [channel],
    device: `PulseAudio ${name}`,
    [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
    close() {
      child.kill();
      queue.end();
    },
  };
}

/** PulseAudio's sources (microphones and every sink's monitor) as `pulse:NAME` devices; none where PulseAudio is absent. */
export function listPulseSources(): Promise<{ deviceId: string; label: string }[]> {
  return new Promise((resolve) => {
    execFile('pactl', ['list', 'short', 'sources'], { timeout: 3000 }, (error, stdout) => {
      if (error) return resolve([]);
      const names = stdout.split('\n').map((line) => line.split('\t')[1]).filter((n): n is string => !!n);
      resolve(names.map((name) => ({ deviceId: `pulse:${name}`, label: `PulseAudio: ${name}` })));
    });
  });
}

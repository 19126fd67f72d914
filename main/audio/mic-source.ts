import { fork } from 'node:child_process';
import { sibling } from '../base/paths.ts';
import { CallcueError } from '../base/errors.ts';
import { Framer, liveFrameQueue, type AudioSource, type Channel } from './frames.ts';

export interface MicOptions {
  /** Device id or part of its label; default: the system's input (PulseAudio's on Linux). */
  device?: string;
  channel?: Channel;
}

type CaptureMessage = { type: 'ready'; sampleRate: number; device: string } | { type: 'pcm'; samples: Float32Array } | { type: 'error'; code: string; message: string };

/**
 * A live input device (the rep's microphone, or a loopback/monitor device for the customer) as 16 kHz frames.
 * Live audio cannot wait: see liveFrameQueue.
 */
export async function openMicSource(options: MicOptions = {}): Promise<AudioSource & { device: string; readonly dropped: number }> {
  const channel = options.channel ?? 'rep';
  const child = fork(sibling(import.meta.url, 'capture-worker.ts'), [options.device ?? ''], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  const frames = liveFrameQueue();
  let framer: Framer | undefined;

  const device = await new Promise<string>((resolve, reject) => {
    child.on('message', (raw) => {
      const message = raw as CaptureMessage;
      if (message.type === 'ready') {
        framer = new Framer(channel, message.sampleRate);
        resolve(message.device);
      } else if (message.type === 'error') reject(new CallcueError(message.code, message.message));
      else if (framer) {
        for (const frame of framer.push(message.samples)) frames.push(frame);
      }
    });
    child.on('exit', (code) => {
      frames.end();
      reject(new CallcueError('audio_unavailable', code === 134 ? 'No sound server: the microphone could not be opened. Check that audio is running and a device is connected.' : `Audio capture stopped (exit ${code}).`));
    });
  });

  return {
    channels: [channel],
    device,
    get dropped() {
      return frames.dropped;
    },
    [Symbol.asyncIterator]: () => frames[Symbol.asyncIterator](),
    close() {
      child.kill();
      frames.end();
    },
  };
}

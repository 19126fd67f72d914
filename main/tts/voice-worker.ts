/**
 * The voice thread: runs the OS voice's process or the neural voice (sherpa-onnx) and resamples its line, so every
 * call's 20 ms RTP clock keeps its pace.
 */
import { parentPort } from 'node:worker_threads';
import { resample } from '../audio/resample.ts';
import { CallcueError, errorMessage } from '../base/errors.ts';
import { speakSherpa } from './sherpa-voice.ts';
import { systemEngines } from './system.ts';
import type { VoiceJob } from './voice-threads.ts';

const engines = new Map(systemEngines.map((e) => [e.name, e]));

function systemEngine(name: string) {
  const engine = engines.get(name);
  if (!engine) throw new CallcueError('tts_failed', `The voice thread has no voice named ${name}.`);
  return engine;
}

async function run(job: VoiceJob): Promise<Int16Array<ArrayBuffer>> {
  if (job.kind === 'resample') return resample(job.samples, job.from, job.to);
  const spoken = await (job.model ? speakSherpa(job.model, job.text, job.language, job.voice) : systemEngine(job.engine).speak(job.text, job.language, job.voice));
  return resample(spoken.samples, spoken.sampleRate, job.sampleRate);
}

// No top-level await: the packaged app builds this file as CommonJS.
parentPort!.on('message', ({ id, job }: { id: number; job: VoiceJob }) => {
  run(job).then(
    (samples) => parentPort!.postMessage({ id, ok: true, samples }, [samples.buffer]),
    (error: unknown) => parentPort!.postMessage({ id, ok: false, code: error instanceof CallcueError ? error.code : 'tts_failed', message: errorMessage(error) }),
  );
});

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { resample } from '../../main/audio/resample.ts';
import { espeakVoice } from '../../main/tts/espeak.ts';
import { defaultVoice } from '../../main/tts/index.ts';
import { VoiceThreads } from '../../main/tts/voice-threads.ts';
import { readWav } from '../../main/tts/wav.ts';

const LINE = 'Your quote for the home policy is ready today.';
const speech = () => readWav(execFileSync('espeak-ng', ['-v', 'en-us', '--stdout', LINE]), 'espeak-ng');
const opened: VoiceThreads[] = [];
const threads = (o: ConstructorParameters<typeof VoiceThreads>[0] = {}) => {
  const t = new VoiceThreads(o);
  opened.push(t);
  return t;
};
afterAll(() => Promise.all(opened.map((t) => t.close())));

describe('the voice in a worker thread', () => {
  it('resamples to the same samples as the main thread did, taking the input over without a copy', async () => {
    const line = speech();
    const input = line.samples.slice();
    expect(await threads().resample(input, line.sampleRate, 8000)).toEqual(resample(line.samples, line.sampleRate, 8000));
    expect(input.buffer.byteLength).toBe(0); // transferred to the thread (detached here), not copied
    const view = line.samples.subarray(100, 5000); // a view is copied first, so its owner keeps its buffer
    expect(await threads().resample(view, line.sampleRate, 16000)).toEqual(resample(view, line.sampleRate, 16000));
    expect(line.samples.buffer.byteLength).toBeGreaterThan(0);
  });

  it('speaks with espeak-ng in the thread: the same samples as espeak-ng and the resample on the main thread', async () => {
    const here = await espeakVoice.speak(LINE, 'en', defaultVoice);
    expect(await threads().speak(espeakVoice.name, LINE, 'en', defaultVoice, 8000)).toEqual(resample(here.samples, here.sampleRate, 8000));
  });

  it('bad input is one clear error, before the thread and inside it', async () => {
    const t = threads();
    await expect(t.resample(new Int16Array(100), 0, 8000)).rejects.toThrow('Resampling needs positive sample rates, not 0 Hz -> 8000 Hz.');
    await expect(t.resample(new Float32Array(100) as unknown as Int16Array, 22050, 8000)).rejects.toThrow('Resampling takes 16-bit samples (an Int16Array), not Float32Array.');
    await expect(t.speak(espeakVoice.name, LINE, 'en', defaultVoice, 0)).rejects.toMatchObject({ code: 'tts_failed', message: 'Resampling needs positive sample rates, not 22050 Hz -> 0 Hz.' });
    await expect(t.speak('a voice from elsewhere', LINE, 'en', defaultVoice, 8000)).rejects.toThrow('The voice thread has no voice named a voice from elsewhere.');
    await expect(threads({ workerPath: path.join(import.meta.dirname, 'no-such-worker.ts') }).resample(new Int16Array(100), 22050, 8000)).rejects.toMatchObject({ code: 'tts_failed', retryable: true, message: expect.stringMatching(/^The voice thread stopped: .*no-such-worker/) });
  });

  it('the worker itself answers a malformed job with its reason', async () => {
    const worker = new Worker(path.resolve(import.meta.dirname, '../../main/tts/voice-worker.ts'));
    try {
      const reply = await new Promise((resolve) => {
        worker.once('message', resolve);
        worker.postMessage({ id: 7, job: { kind: 'resample', samples: new Uint8Array(4), from: 22050, to: 8000 } });
      });
      expect(reply).toEqual({ id: 7, ok: false, code: 'tts_failed', message: 'Resampling takes 16-bit samples (an Int16Array), not Uint8Array.' });
    } finally {
      await worker.terminate();
    }
  });

  it('holds at most maxJobs lines; the next one fails at once, retryable, and the others finish', async () => {
    const line = speech();
    const t = threads({ threads: 1, maxJobs: 3 });
    const held = [0, 1, 2].map(() => t.resample(line.samples.slice(), line.sampleRate, 8000));
    expect(t.jobs).toBe(3);
    await expect(t.resample(line.samples.slice(), line.sampleRate, 8000)).rejects.toMatchObject({ code: 'tts_busy', retryable: true });
    const expected = resample(line.samples, line.sampleRate, 8000);
    for (const out of await Promise.all(held)) expect(out).toEqual(expected);
    expect(t.jobs).toBe(0);
  });
});

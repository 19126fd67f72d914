import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { senseVoiceFixture } from '../../main/asr/models/sensevoice-fixture.ts';
import { SenseVoiceEngine } from '../../main/asr/sensevoice-engine.ts';
import { repoRoot } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { characterErrorRate, characters, editDistance } from './wer.ts';

const audio = path.resolve(repoRoot, '..', 'shared', 'audio');
/** A clip as 16 kHz mono float samples (ffmpeg resamples the 24 kHz one). */
const pcm = (file: string) => {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-ac', '1', '-ar', '16000', '-f', 'f32le', '-']);
  return new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
};
const clip = path.join(audio, 'kaifang-zh.wav');
const haveAudio = fs.existsSync(clip);
if (!haveAudio) console.info(`SenseVoice plumbing tests use synthetic audio: no speech clips in ${audio}`);
const speech = () => (haveAudio ? pcm(clip) : new Float32Array(16000 * 3).map((_, i) => 0.2 * Math.sin(i / 9) * Math.sin(i / 2000)));

/**
 * sherpa-onnx's real loading and decoding code on a generated model with the real export's inputs, outputs,
 * metadata and token table (sensevoice-fixture.ts): random weights, so the words are meaningless.
 */
describe('SenseVoice engine on the generated model', () => {
  it('loads, decodes in its own process, and the language hint reaches the model', { timeout: 30_000 }, async () => {
    const engine = await SenseVoiceEngine.start({ dir: senseVoiceFixture('micro'), languages: ['zh'] });
    expect(engine.info).toMatchObject({ engine: 'SenseVoice (sherpa-onnx)', threads: expect.any(Number) });
    expect(engine.pid).not.toBe(process.pid);
    const samples = speech();
    const zh = await engine.transcribe(samples, { language: 'zh' });
    expect(zh.text.length).toBeGreaterThan(0);
    expect(zh).toMatchObject({ language: 'zh', prob: 1 });
    // Deterministic for the same hint; another hint is another query embedding, so other logits.
    expect((await engine.transcribe(samples, { language: 'zh' })).text).toBe(zh.text);
    const en = await engine.transcribe(samples, { language: 'en' });
    expect(en.language).toBe('en');
    expect(en.text).not.toBe(zh.text);
    await engine.close();
    await expect(engine.transcribe(samples)).rejects.toMatchObject({ code: 'asr_closed' });
  });

  it('a crash mid-utterance: reported, restarted, the utterance answered once', { timeout: 30_000 }, async () => {
    const engine = await SenseVoiceEngine.start({ dir: senseVoiceFixture('micro') });
    const crashes: unknown[] = [];
    engine.on('crash', (c) => crashes.push(c));
    const first = engine.pid;
    const pending = engine.transcribe(speech(), { language: 'zh' });
    process.kill(first!, 'SIGKILL');
    const result = await pending;
    expect(result.text.length).toBeGreaterThan(0);
    expect(crashes).toEqual([{ code: 128, restarting: true }]);
    expect(engine.pid).not.toBe(first);
    await engine.close();
  });

  it('a missing or damaged model is one clear error', async () => {
    const dir = tempDir();
    await expect(SenseVoiceEngine.start({ dir })).rejects.toThrow(/is not a SenseVoice model folder: model\.int8\.onnx is missing/);
    const fixture = senseVoiceFixture('micro');
    fs.copyFileSync(path.join(fixture, 'tokens.txt'), path.join(dir, 'tokens.txt'));
    fs.writeFileSync(path.join(dir, 'model.int8.onnx'), fs.readFileSync(path.join(fixture, 'model.int8.onnx')).subarray(0, 5000));
    await expect(SenseVoiceEngine.start({ dir })).rejects.toMatchObject({ code: 'model_load_failed' });
  });
});

const real = process.env.CALLCUE_SENSEVOICE_MODEL;
const skipReal = !real ? 'CALLCUE_SENSEVOICE_MODEL is not set (a folder with the real model.int8.onnx and tokens.txt; the weights are on model hubs only: callcue models download sensevoice)' : !fs.existsSync(path.join(audio, 'zh-clips.tsv')) ? `no zh-clips.tsv in ${audio}` : undefined;
if (skipReal) console.info(`Skipping the SenseVoice accuracy tests: ${skipReal}`);

/** The real weights on real Mandarin recordings, each clip one utterance. */
describe.skipIf(Boolean(skipReal))('SenseVoice-Small on real Mandarin', () => {
  it('character error rate over the clips at most 12 percent', { timeout: 300_000 }, async () => {
    const rows = fs.readFileSync(path.join(audio, 'zh-clips.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t') as [string, string]);
    const engine = await SenseVoiceEngine.start({ dir: real!, languages: ['zh'] });
    let errors = 0;
    let total = 0;
    for (const [file, reference] of rows) {
      const samples = pcm(path.join(audio, file));
      const r = await engine.transcribe(samples, { language: 'zh' });
      errors += editDistance(characters(reference), characters(r.text));
      total += characters(reference).length;
      console.info(`${file}: CER ${(characterErrorRate(reference, r.text) * 100).toFixed(1)}%, RTF ${(r.ms / 1000 / (samples.length / 16000)).toFixed(3)} — "${r.text}"`);
    }
    await engine.close();
    console.info(`SenseVoice pooled CER ${((errors / total) * 100).toFixed(1)}% over ${rows.length} clips`);
    expect(errors / total).toBeLessThanOrEqual(0.12);
  });
});

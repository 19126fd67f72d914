import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { resample } from '../../main/audio/resample.ts';
import { espeakVoice } from '../../main/tts/espeak.ts';
import { Voice } from '../../main/tts/index.ts';
import { readWav } from '../../main/tts/wav.ts';

const rms = (s: Int16Array) => Math.sqrt(s.reduce((a, x) => a + x * x, 0) / s.length);
const crossings = (s: Int16Array) => s.reduce((n, x, i) => n + (i > 0 && s[i - 1]! < 0 && x >= 0 ? 1 : 0), 0);
const tone = (hz: number, rate: number, seconds: number) => Int16Array.from({ length: rate * seconds }, (_, i) => Math.round(10_000 * Math.sin((2 * Math.PI * hz * i) / rate)));

describe('resampling for the phone line', () => {
  it('keeps a 1 kHz tone at 1 kHz and removes a 6 kHz one (above 8 kHz telephony’s 4 kHz limit)', () => {
    const kept = resample(tone(1000, 22050, 1), 22050, 8000);
    expect(kept.length).toBe(8000);
    expect(crossings(kept.subarray(400, 7600))).toBeGreaterThanOrEqual(898);
    expect(crossings(kept.subarray(400, 7600))).toBeLessThanOrEqual(902);
    expect(rms(resample(tone(6000, 22050, 1), 22050, 8000).subarray(400, 7600))).toBeLessThan(70);
  });

  it('matches sox on real speech', () => {
    const wav = execFileSync('espeak-ng', ['-v', 'en-us', '--stdout', 'Your quote is ready.']);
    const speech = readWav(wav, 'espeak-ng');
    const ours = resample(speech.samples, speech.sampleRate, 8000);
    const raw = execFileSync('sox', ['-t', 'wav', '-', '-D', '-r', '8000', '-b', '16', '-e', 'signed-integer', '-t', 'raw', '-'], { input: wav });
    const sox = new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
    const n = Math.min(ours.length, sox.length) - 200;
    let dot = 0;
    let a = 0;
    let b = 0;
    for (let i = 100; i < n; i++) {
      dot += ours[i]! * sox[i]!;
      a += ours[i]! ** 2;
      b += sox[i]! ** 2;
    }
    expect(dot / Math.sqrt(a * b)).toBeGreaterThan(0.99);
  });
});

describe('the bot’s voice (espeak-ng on Linux)', () => {
  const voice = new Voice(espeakVoice);

  it('speaks English and Mandarin at 8 kHz for RTP', async () => {
    for (const [text, language] of [['Hello, this is an automated assistant.', 'en'], ['您好，我是智能助理。', 'zh-CN']] as const) {
      const speech = await voice.say(text, { language, sampleRate: 8000 });
      expect(speech.sampleRate).toBe(8000);
      expect(speech.samples.length / 8000).toBeGreaterThan(1);
      expect(speech.samples.length / 8000).toBeLessThan(6);
      expect(rms(speech.samples)).toBeGreaterThan(500);
    }
  });

  it('rate, pitch and volume change the speech as asked', async () => {
    const line = 'Shall I work out a price for you?';
    const normal = await voice.say(line, { language: 'en', sampleRate: 8000 });
    const fast = await voice.say(line, { language: 'en', sampleRate: 8000, voice: { rate: 2 } });
    const high = await voice.say(line, { language: 'en', sampleRate: 8000, voice: { pitch: 1 } });
    const quiet = await voice.say(line, { language: 'en', sampleRate: 8000, voice: { volume: 0.3 } });
    expect(fast.samples.length / normal.samples.length).toBeLessThan(0.65);
    expect(crossings(high.samples) / high.samples.length).toBeGreaterThan((crossings(normal.samples) / normal.samples.length) * 1.1);
    expect(rms(quiet.samples)).toBeLessThan(rms(normal.samples) * 0.45);
    await expect(voice.say(line, { language: 'en', sampleRate: 8000, voice: { rate: 5 } })).rejects.toThrow(/out of range/);
  });

  it('caches fixed lines in memory, and speaks a line asked for by several calls at once only once', async () => {
    const first = await voice.say('Nothing is recorded.', { language: 'en', sampleRate: 8000, cache: true });
    expect(await voice.say('Nothing is recorded.', { language: 'en', sampleRate: 8000, cache: true })).toBe(first);
    let runs = 0;
    const counted = new Voice({ name: 'espeak-ng, counted', speak: (...args) => (runs++, espeakVoice.speak(...args)) });
    const eight = await Promise.all(Array.from({ length: 8 }, () => counted.say('Shall I work out a price for you?', { language: 'en', sampleRate: 8000, cache: true })));
    expect(runs).toBe(1);
    expect(new Set(eight).size).toBe(1);
  });

  it('a voice that writes no WAV is one clear error', () => {
    expect(() => readWav(Buffer.from('not audio'), 'test voice')).toThrow('test voice did not produce a WAV.');
  });
});

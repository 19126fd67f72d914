import { execFile } from 'node:child_process';
import { CallcueError } from '../base/errors.ts';
import type { TtsEngine } from './index.ts';
import { readWav } from './wav.ts';
import type { Language } from '../brain/language.ts';

/**
 * The espeak-ng voice for a language. Mandarin is `cmn-latn-pinyin`: espeak-ng 1.51's plain `cmn` voice reads Chinese
 * characters as pinyin syllables with their tone numbers, spoken in English ("bu four yao four..."), which Whisper
 * hears as strings of digits ("不要再打了" -> "4244435"); `cmn-latn-pinyin` speaks them as Mandarin ("不要再大了").
 */
export function espeakVoiceName(language: Language): string {
  return language === 'zh-CN' ? 'cmn-latn-pinyin' : 'en-us';
}

/** espeak-ng (Linux): rate from 175 words a minute, pitch around 50, amplitude up to 200. */
export const espeakVoice: TtsEngine = {
  name: 'espeak-ng',
  speak: (text, language, voice) =>
    new Promise((resolve, reject) => {
      const args = ['-v', espeakVoiceName(language), '-s', String(Math.round(175 * voice.rate)), '-p', String(Math.round(50 + 49 * voice.pitch)), '-a', String(Math.round(100 * voice.volume)), '--stdout', text];
      execFile('espeak-ng', args, { encoding: 'buffer', maxBuffer: 64 * 2 ** 20, timeout: 20_000 }, (error, stdout) => {
        if (error) reject(new CallcueError('tts_failed', (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'espeak-ng is not installed (Debian: espeak-ng).' : `espeak-ng failed: ${error.message}`));
        else resolve(readWav(stdout, 'espeak-ng'));
      });
    }),
};

import { execFile } from 'node:child_process';
import { CallcueError } from '../core/errors.ts';
import type { TtsEngine } from './index.ts';
import { readWav } from './wav.ts';

/** espeak-ng (Linux): English (en-us) and Mandarin (cmn); rate from 175 words a minute, pitch around 50, amplitude up to 200. */
export const espeakVoice: TtsEngine = {
  name: 'espeak-ng',
  speak: (text, language, voice) =>
    new Promise((resolve, reject) => {
      const args = ['-v', language === 'zh-CN' ? 'cmn' : 'en-us', '-s', String(Math.round(175 * voice.rate)), '-p', String(Math.round(50 + 49 * voice.pitch)), '-a', String(Math.round(100 * voice.volume)), '--stdout', text];
      execFile('espeak-ng', args, { encoding: 'buffer', maxBuffer: 64 * 2 ** 20, timeout: 20_000 }, (error, stdout) => {
        if (error) reject(new CallcueError('tts_failed', (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'espeak-ng is not installed (Debian: espeak-ng).' : `espeak-ng failed: ${error.message}`));
        else resolve(readWav(stdout, 'espeak-ng'));
      });
    }),
};

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CallcueError } from '../base/errors.ts';
import type { TtsEngine } from './index.ts';
import { readWav } from './wav.ts';

/**
 * macOS `say` with the system's English (Samantha) or Mandarin (Tingting) voice. `say` writes only to files: a private
 * temporary folder, removed at once (these are the bot's own lines, never what anyone said).
 */
export const macVoice: TtsEngine = {
  name: 'macOS say',
  speak: (text, language, voice) =>
    new Promise((resolve, reject) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-say-'));
      const file = path.join(dir, 'line.wav');
      // `say` has no pitch setting; the embedded [[pbas]] command shifts the baseline pitch.
      const spoken = voice.pitch ? `[[pbas ${Math.round(voice.pitch * 20)}]] ${text}` : text;
      const args = ['-v', language === 'zh-CN' ? 'Tingting' : 'Samantha', '-r', String(Math.round(175 * voice.rate)), '--file-format=WAVE', '--data-format=LEI16@22050', '-o', file, `[[volm ${voice.volume.toFixed(2)}]] ${spoken}`];
      execFile('say', args, { timeout: 20_000 }, (error) => {
        try {
          if (error) reject(new CallcueError('tts_failed', `say failed: ${error.message}`));
          else resolve(readWav(fs.readFileSync(file), 'say'));
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    }),
};

import { execFile } from 'node:child_process';
import { sibling } from '../core/paths.ts';
import type { AudioDeviceInfo } from '../doctor/check.ts';
import { CallcueError } from '../core/errors.ts';

/** Runs probe-devices.ts in a child Node process (from source), so a native abort cannot take the caller down. */
export function probeAudioInChildProcess(timeoutMs = 8000): Promise<AudioDeviceInfo[]> {
  const script = sibling(import.meta.url, 'probe-devices.ts');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script], { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) {
        const why = error.killed ? `no answer in ${timeoutMs} ms` : (stderr.trim().split('\n').at(-1) ?? error.message);
        reject(new CallcueError('audio_unavailable', `Audio back-end failed: ${why}`));
        return;
      }
      resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as AudioDeviceInfo[]);
    });
  });
}

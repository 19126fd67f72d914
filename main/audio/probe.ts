import { execFile } from 'node:child_process';
import { sibling } from '../base/paths.ts';
import { CallcueError } from '../base/errors.ts';

/** A way to list audio devices without risking the calling process (native audio can abort it). */
export type AudioProbe = () => Promise<AudioDeviceInfo[]>;

export interface AudioDeviceInfo {
  kind: 'audioinput' | 'audiooutput';
  label: string;
  deviceId: string;
}

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

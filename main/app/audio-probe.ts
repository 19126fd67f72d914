import { utilityProcess } from 'electron';
import type { AudioDeviceInfo } from '../doctor/index.ts';
import { CallcueError } from '../base/errors.ts';

/** The Electron twin of probeAudioInChildProcess: a utility process, since the fuses forbid running Electron as Node. */
export function probeAudioInUtilityProcess(script: string, timeoutMs = 8000): Promise<AudioDeviceInfo[]> {
  return new Promise((resolve, reject) => {
    const child = utilityProcess.fork(script, [], { stdio: 'pipe', serviceName: 'CallCue audio probe' });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').at(-1);
      if (code === 0 && line) resolve(JSON.parse(line) as AudioDeviceInfo[]);
      else reject(new CallcueError('audio_unavailable', `Audio back-end failed (exit ${code}).`));
    });
  });
}

import { utilityProcess } from 'electron';
import type { SpawnWorker } from '../asr/worker-port.ts';

/** The Whisper worker as an Electron utility process (the fuses forbid running Electron as plain Node). */
export function utilityWhisperWorker(script: string): SpawnWorker {
  return () => {
    const child = utilityProcess.fork(script, [], { serviceName: 'CallCue speech recognition', stdio: 'ignore' });
    return {
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => void child.kill(),
      get pid() {
        return child.pid;
      },
    };
  };
}

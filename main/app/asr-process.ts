import { utilityProcess } from 'electron';
import type { SpawnWorker } from '../asr/worker-port.ts';

/** A recogniser worker (Whisper, SenseVoice) as an Electron utility process (the fuses forbid running Electron as plain Node). */
export function utilityAsrWorker(script: string, serviceName: string): SpawnWorker {
  return () => {
    const child = utilityProcess.fork(script, [], { serviceName, stdio: 'ignore' });
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

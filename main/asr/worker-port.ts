import { fork } from 'node:child_process';
import { sibling } from '../base/paths.ts';

/** A process the engine talks to by messages: a Node child process headless, an Electron utility process in the app. */
export interface WorkerPort {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
  readonly pid: number | undefined;
}

export type SpawnWorker = () => WorkerPort;

/** A recogniser worker next to this file as a child Node process (run from source; typed arrays cross with the advanced serialisation). */
function forkAsrWorker(file: string): SpawnWorker {
  return () => {
    const child = fork(sibling(import.meta.url, file), [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    // Native libraries log every load to stderr; nobody reads it, but an unread pipe would block the worker.
    child.stderr?.resume();
    return {
      send: (message) => child.connected && child.send(message as never),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code, signal) => listener(code ?? (signal ? 128 : null))),
      kill: () => child.kill('SIGKILL'),
      get pid() {
        return child.pid;
      },
    };
  };
}

export const forkWhisperWorker: SpawnWorker = forkAsrWorker('whisper-worker.ts');
export const forkSenseVoiceWorker: SpawnWorker = forkAsrWorker('sensevoice-worker.ts');

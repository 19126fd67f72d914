/**
 * The recogniser process's end of its channel to the app: Electron's utility process talks through
 * `process.parentPort`, a Node child process through `process.send`. Requests go to `handle`; the process exits when
 * its parent goes away.
 */
export function serveRequests<Request>(handle: (request: Request) => Promise<void>): (message: unknown) => void {
  const parentPort = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', l: (e: { data: Request }) => void): void } }).parentPort;
  if (parentPort) parentPort.on('message', (event) => void handle(event.data));
  else {
    process.on('message', (request: Request) => void handle(request));
    process.on('disconnect', () => process.exit(0));
  }
  return (message) => (parentPort ? parentPort.postMessage(message) : process.send?.(message));
}

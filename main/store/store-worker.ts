/** The store's thread: owns the database connection, so queries never block the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { CallcueError, errorMessage } from '../base/errors.ts';
import { openDatabase } from './db.ts';
import { claimOwner } from './owner.ts';
import { queries, type Op } from './queries.ts';

const { file, key, slowMs } = workerData as { file: string; key: Uint8Array; slowMs: number };
const port = parentPort!;
try {
  const db = openDatabase(file, Buffer.from(key));
  const release = claimOwner(db);
  port.postMessage({ type: 'ready' });
  port.on('message', ({ id, op, args }: { id: number; op: Op; args: never }) => {
    const started = performance.now();
    try {
      const run = queries[op] as (db: unknown, args: unknown) => unknown;
      if (typeof run !== 'function') throw new CallcueError('store_bad_op', `Unknown store operation ${String(op)}.`);
      const value = run(db, args ?? {});
      const ms = performance.now() - started;
      // Slow queries are logged by name and time only: never with their values.
      if (ms > slowMs) port.postMessage({ type: 'slow', op, ms: Math.round(ms) });
      port.postMessage({ type: 'result', id, ok: true, value });
    } catch (error) {
      port.postMessage({ type: 'result', id, ok: false, error: { code: error instanceof CallcueError ? error.code : 'store_failed', message: errorMessage(error) } });
    }
  });
  port.on('close', () => {
    release();
    db.close();
  });
} catch (error) {
  port.postMessage({ type: 'failed', error: { code: error instanceof CallcueError ? error.code : 'store_failed', message: errorMessage(error) } });
}

import { Worker } from 'node:worker_threads';
import type { DashboardView } from '../../preload/contract.ts';
import type { TeamSections } from './by-rep.ts';
import { CallcueError } from '../base/errors.ts';
import { sibling } from '../base/paths.ts';
import type { Cell } from './rows.ts';

/** What the XLSX worker needs, all of it structured-cloneable (labels are rebuilt there from the language). */
export interface XlsxJob {
  file: string;
  view: DashboardView;
  rows: Record<string, Cell>[];
  language: string;
  pluginTitles: [string, Record<string, string>][];
  range: string;
  /** A team export: per-rep figures and team campaigns, and a rep column in the calls sheet. */
  team?: TeamSections;
}

/**
 * Writes an XLSX in a worker thread. On the main thread, exceljs held the event loop for up to 2.6 s at 20,000 calls
 * (in-memory writer; the streamed one still spends seconds on XML and zip), freezing the app's IPC and every call's timers.
 * `workerPath`: the built xlsx-worker.cjs in the packaged app; from source, xlsx-worker.ts.
 */
export function writeXlsxInWorker(job: XlsxJob, workerPath = sibling(import.meta.url, 'xlsx-worker.ts')): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerPath, { workerData: job });
    const stopped = (why: string) => new CallcueError('export_failed', `The XLSX export stopped: ${why}.`);
    worker.once('message', (reply: { ok: true } | { ok: false; callcue: boolean; code?: string; message: string }) => {
      if (reply.ok) return resolve();
      // A CallcueError keeps its code; a file system error its errno, so that writeWhole names the file it could not write.
      reject(reply.callcue && reply.code ? new CallcueError(reply.code, reply.message) : Object.assign(new Error(reply.message), { code: reply.code }));
    });
    worker.once('error', (error) => reject(stopped(error.message)));
    // Settles nothing once the reply came; otherwise the worker died without one.
    worker.once('exit', (code) => reject(stopped(`exit code ${code}`)));
  });
}

/** The XLSX export's thread: exceljs's XML and compression run here, so the app's IPC and call timers keep their pace. */
import { parentPort, workerData } from 'node:worker_threads';
import { CallcueError, errorMessage } from '../base/errors.ts';
import { reportLabels } from './labels.ts';
import type { XlsxJob } from './xlsx-thread.ts';
import { writeXlsx } from './xlsx.ts';

const job = workerData as XlsxJob;
// No top-level await: the packaged app builds this file as CommonJS.
writeXlsx(job.file, job.view, job.rows, reportLabels(job.language, new Map(job.pluginTitles)), job.range, job.team).then(
  () => parentPort!.postMessage({ ok: true }),
  (error: unknown) => parentPort!.postMessage({ ok: false, callcue: error instanceof CallcueError, code: (error as { code?: unknown }).code, message: errorMessage(error) }),
);

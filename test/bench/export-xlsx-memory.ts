/**
 * One XLSX export of every call in CALLCUE_DATA_DIR, in a process of its own so that the peak memory is the export's
 * (run by `npm run bench:export`, after it has seeded the calls). `--path streamed`: the app's path, ReportService.exportTo
 * (a worker thread, exceljs's streamed writer). `--path read`: reading and shaping the calls only, the floor under every
 * format. `--path buffered`: the path before it, kept here only as the baseline: the
 * same sheets through exceljs's in-memory Workbook and writeBuffer, on the main thread.
 * Prints one JSON line: time, peak RSS (the kernel's high-water mark, worker threads included), RSS before the export,
 * the main thread's heap (sampled every 10 ms, so a lower bound while it is blocked) and its longest stall.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { createHeadlessCore } from '../../main/core/headless.ts';
import { buildDashboard } from '../../main/export/dashboard.ts';
import { callReports } from '../../main/export/facts.ts';
import { reportLabels } from '../../main/export/labels.ts';
import { describeRange } from '../../main/export/range.ts';
import { exportRows } from '../../main/export/rows.ts';
import { addSheets } from '../../main/export/xlsx.ts';

const { values } = parseArgs({ options: { path: { type: 'string' }, out: { type: 'string' } } });
const filter = { from: 0, to: Date.UTC(2030, 0, 1) };
const request = { filter, format: 'xlsx', language: 'en', timeZone: 'UTC' } as const;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const core = createHeadlessCore();
try {
  const store = await core.store();
  const paths: Record<string, () => Promise<unknown>> = {
    // The floor every format stands on: the calls read from the store and shaped into rows, nothing written.
    read: async () => exportRows(callReports(await store.call('callFacts', filter)), 'UTC'),
    streamed: () => core.reports.exportTo(values.out!, request, { replace: true }),
    buffered: async () => {
      const reports = callReports(await store.call('callFacts', filter));
      const book = new ExcelJS.Workbook();
      await addSheets(book, buildDashboard(reports, filter, 'UTC'), exportRows(reports, 'UTC'), reportLabels('en', new Map([...core.brains.plugins.values()].map((p) => [p.id, p.title]))), describeRange(filter, 'UTC'));
      fs.writeFileSync(values.out!, Buffer.from(await book.xlsx.writeBuffer()));
    },
  };
  const run = paths[values.path ?? ''];
  if (!run) throw new Error(`--path ${Object.keys(paths).join('|')}`);
  const rssBefore = process.memoryUsage().rss;
  let heapPeak = 0;
  const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 10);
  const stalls = monitorEventLoopDelay({ resolution: 10 });
  stalls.enable();
  const started = performance.now();
  await run();
  const ms = Math.round(performance.now() - started);
  // One more turn of the loop, so that the sampler and the stall monitor see the last synchronous stretch.
  await new Promise((resolve) => setTimeout(resolve, 50));
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  stalls.disable();
  clearInterval(sampler);
  process.stdout.write(
    `${JSON.stringify({ path: values.path, ms, bytes: fs.statSync(values.out!, { throwIfNoEntry: false })?.size ?? 0, rss_before_mb: mb(rssBefore), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024), main_heap_peak_mb: mb(heapPeak), main_stall_max_ms: Math.round(stalls.max / 1e6) })}\n`,
  );
} finally {
  await core.close();
}

/**
 * npm run bench:export -- [--calls 20000] [--runs 5]
 * Exports N calls (made through the store API) to CSV, XLSX, JSON and PDF with the real services and files.
 * Baseline in the same run: reading the calls' facts from the encrypted store, which every format starts with.
 * Then XLSX memory, each in a fresh process (export-xlsx-memory.ts): the app's streamed export against the old in-memory
 * workbook, with reading the calls alone as the floor. 20,000 calls is the size at which the old path peaked at 1 GB.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createHeadlessCore } from '../../main/core/headless.ts';
import { seedCalls } from '../fixtures/calls.ts';
import { emit, summarize } from './stats.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '20000' }, runs: { type: 'string', default: '5' }, json: { type: 'boolean' } } });
const count = Number(values.calls);
const runs = Number(values.runs);
const machine = `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}`;
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-bench-export-'));
const core = createHeadlessCore({ ...process.env, CALLCUE_DATA_DIR: data });
try {
  const store = await core.store();
  let started = performance.now();
  // Recent calls, one a minute, so retention (applied when the store opens) keeps them all.
  await seedCalls(store, { count, start: Date.now() - count * 60_000, spacingMs: 60_000 });
  emit({ bench: 'export', metric: 'seed_ms', calls: count, value: Math.round(performance.now() - started), machine });
  const filter = { from: 0, to: Date.UTC(2030, 0, 1) };
  const time = async (work: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      started = performance.now();
      await work();
      samples.push(performance.now() - started);
    }
    return summarize(samples);
  };
  const read = await time(() => store.call('callFacts', filter));
  emit({ bench: 'export', format: 'read_facts', calls: count, ms: read, machine });
  for (const format of ['csv', 'xlsx', 'json', 'pdf'] as const) {
    const file = path.join(data, `export.${format}`);
    const stats = await time(() => core.reports.exportTo(file, { filter, format, language: 'en', timeZone: 'UTC' }, { replace: true }));
    emit({ bench: 'export', format, calls: count, ms: stats, bytes: fs.statSync(file).size, ratio_to_read: Math.round((stats.median / read.median) * 10) / 10, machine });
  }
  const measure = (kind: string) => {
    const script = path.join(import.meta.dirname, 'export-xlsx-memory.ts');
    const out = execFileSync(process.execPath, [script, '--path', kind, '--out', path.join(data, `memory-${kind}.xlsx`)], { env: { ...process.env, CALLCUE_DATA_DIR: data }, encoding: 'utf8' });
    const figures = JSON.parse(out.trim().split('\n').at(-1)!) as { peak_rss_mb: number; ms: number };
    emit({ bench: 'export', format: 'xlsx_memory', calls: count, ...figures, machine });
    return figures;
  };
  const floor = measure('read');
  const buffered = measure('buffered');
  const streamed = measure('streamed');
  emit({
    bench: 'export',
    format: 'xlsx_memory',
    calls: count,
    // What the XLSX writing itself adds on top of reading the calls, old and new.
    above_read_mb: { buffered: buffered.peak_rss_mb - floor.peak_rss_mb, streamed: streamed.peak_rss_mb - floor.peak_rss_mb },
    peak_rss_ratio: Math.round((streamed.peak_rss_mb / buffered.peak_rss_mb) * 100) / 100,
    ms_ratio: Math.round((streamed.ms / buffered.ms) * 100) / 100,
    machine,
  });
} finally {
  await core.close();
  fs.rmSync(data, { recursive: true, force: true });
}

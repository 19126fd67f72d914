/**
 * npm run bench:leads -- [--rows 100000] [--runs 5]
 * Imports a lead list of N rows (a written CSV file, as the CLI and the app get it) with the real parser. Each run is
 * a fresh process, so its peak memory (max RSS) is that run's own. Baseline in the same run: csv-parse alone on the
 * same bytes, the floor any import pays. Also the longest event-loop stall during the import: the app parses on its
 * main process, in chunks. Targets (issue 6): under 3 s and under 200 MB for 100,000 rows.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { emit, summarize } from './stats.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' }, child: { type: 'string' }, file: { type: 'string' } } });

/** One import in this process: prints its time, the RSS before it and the process's peak RSS. */
async function child(mode: string, file: string): Promise<void> {
  const { parseLeads } = await import('../../main/campaign/leads.ts');
  const { parse } = await import('csv-parse/sync');
  const bytes = fs.readFileSync(file);
  const before = process.memoryUsage().rss;
  // The longest gap between two ticks of a 1 ms timer: what a call's 20 ms RTP clock on the same thread would feel.
  let last = performance.now();
  let maxStallMs = 0;
  const probe = setInterval(() => {
    maxStallMs = Math.max(maxStallMs, performance.now() - last);
    last = performance.now();
  }, 1);
  const started = performance.now();
  const leads = mode === 'csv' ? parse(bytes, { bom: true }).length - 1 : (await parseLeads(bytes, { plugins: ['insurance', 'appliances'] })).leads.length;
  const ms = performance.now() - started;
  await setTimeout(20); // the probe's late tick, after a synchronous parse
  clearInterval(probe);
  process.stdout.write(JSON.stringify({ ms, leads, maxStallMs, rssBeforeMb: before / 2 ** 20, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

/** Rows as managers export them: both languages, zones and regions, a quoted name with a comma now and then. */
function writeList(file: string, rows: number): void {
  const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Asia/Tokyo', 'Australia/Sydney'];
  const lines = ['name,phone,timezone,region,language,plugin,consent_source,consent_date'];
  for (let i = 0; i < rows; i++) {
    const phone = `+86138${String(i).padStart(8, '0')}`;
    const name = i % 3 === 0 ? `王芳${i}` : i % 3 === 1 ? `"Smith, Ann ${i}"` : `Lee ${i}`;
    const place = i % 2 ? `${zones[i % zones.length]},` : ',CN';
    lines.push(`${name},${phone},${place},${i % 2 ? 'en' : 'zh'},${i % 4 ? 'insurance' : 'appliances'},web form,2026-10-0${(i % 9) + 1}`);
  }
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
}

if (values.child) {
  await child(values.child, values.file!);
} else {
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const machine = `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-bench-leads-'));
  const file = path.join(dir, 'leads.csv');
  try {
    writeList(file, rows);
    const measure = (mode: string) => {
      const samples = Array.from({ length: runs }, () => {
        const run = spawnSync(process.execPath, [import.meta.filename, '--child', mode, '--file', file], { encoding: 'utf8', maxBuffer: 2 ** 20 });
        if (run.status !== 0) throw new Error(`bench child (${mode}) failed: ${run.stderr}`);
        return JSON.parse(run.stdout) as { ms: number; leads: number; maxStallMs: number; rssBeforeMb: number; peakRssMb: number };
      });
      return { ms: summarize(samples.map((s) => s.ms)), max_event_loop_stall_ms: summarize(samples.map((s) => s.maxStallMs)), peak_rss_mb: summarize(samples.map((s) => s.peakRssMb)), rss_before_mb: summarize(samples.map((s) => s.rssBeforeMb)), leads: samples[0]!.leads };
    };
    const floor = measure('csv');
    emit({ bench: 'leads', what: 'csv_parse_only', rows, bytes: fs.statSync(file).size, ...floor, machine });
    const parsed = measure('leads');
    emit({ bench: 'leads', what: 'import', rows, bytes: fs.statSync(file).size, ...parsed, ratio_to_csv_parse: Math.round((parsed.ms.median / floor.ms.median) * 10) / 10, machine });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import readXlsxFile, { readSheet } from 'read-excel-file/node';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { seedCalls } from '../fixtures/calls.ts';
import { callcueAsync, repoRoot } from '../helpers/cli.ts';

const START = Date.UTC(2026, 9, 1, 8);
const CONVERTED = ['sale', 'interested', 'callback_scheduled'];
type StoredCall = NonNullable<Awaited<ReturnType<MetadataStore['call']>>> & Record<string, unknown>;

/** The figures as the store itself reports them, call by call (getCall, not the export's read path). */
interface Truth {
  calls: Map<string, { outcome: string; durationMs: number; shown: number; used: number; customerTurns: number; phone: string | null }>;
  converted: number;
  shown: number;
  used: number;
  optOuts: number;
}

let data: string;
let out: string;
let truth: Truth;

const exportTo = (file: string, ...extra: string[]) => callcueAsync(['export', '--from', '2026-10-01', '--to', '2026-10-31', '--tz', 'UTC', '--lang', 'en', '--out', file, ...extra], { CALLCUE_DATA_DIR: data });

beforeAll(async () => {
  // Shared by every test in the file, so made here rather than with tempDir (which cleans up after each test).
  data = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-export-'));
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-out-'));
  const store = await MetadataStore.open({ dataDir: data, keys: fileKeyStore(data) });
  try {
    const ids = await seedCalls(store, { count: 200, start: START });
    truth = { calls: new Map(), converted: 0, shown: 0, used: 0, optOuts: 0 };
    for (const id of ids) {
      const call = (await store.call('getCall', { id }))!;
      const phone = (await store.call('callFacts', { id })).calls[0]!.phone;
      const used = call.suggestions.filter((s) => s.usedAt !== null).length;
      truth.calls.set(id, { outcome: call.outcome, durationMs: call.durationMs!, shown: call.suggestions.length, used, customerTurns: call.turns.filter((t) => (t as StoredCall).channel === 'customer').length, phone });
      truth.converted += Number(CONVERTED.includes(call.outcome));
      truth.shown += call.suggestions.length;
      truth.used += used;
      truth.optOuts += Number(call.outcome === 'opted_out');
    }
  } finally {
    await store.close();
  }
}, 60_000);
afterAll(() => {
  for (const dir of [data, out]) fs.rmSync(dir, { recursive: true, force: true });
});

describe('callcue export: 200 calls read back with independent readers', () => {
  it('CSV: UTF-8 with BOM, one row per call, figures as in the store, numbers masked', async () => {
    const file = path.join(out, 'calls.csv');
    const run = await exportTo(file, '--format', 'csv');
    expect(run.code, run.stderr).toBe(0);
    const raw = fs.readFileSync(file);
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(raw, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(200);
    for (const row of rows) {
      const stored = truth.calls.get(row.call_id!)!;
      expect(row.outcome).toBe(stored.outcome);
      expect(Math.abs(Number(row.duration_s) - stored.durationMs / 1000)).toBeLessThanOrEqual(0.051);
      expect(Number(row.suggestions_shown)).toBe(stored.shown);
      expect(Number(row.suggestions_used)).toBe(stored.used);
      expect(Number(row.customer_turns)).toBe(stored.customerTurns);
      if (stored.phone) expect(row.phone).toMatch(new RegExp(`^\\+86•+${stored.phone.slice(-4)}$`));
      else expect(row.phone).toBe('');
    }
    const phones = [...truth.calls.values()].flatMap((c) => (c.phone ? [c.phone] : []));
    expect(phones.length).toBe(40);
    expect(phones.some((p) => raw.includes(p) || raw.includes(p.slice(1)))).toBe(false);
  });

  it('XLSX: a summary sheet and a per-call sheet with the same figures', async () => {
    const file = path.join(out, 'calls.xlsx');
    const run = await exportTo(file, '--format', 'xlsx');
    expect(run.code, run.stderr).toBe(0);
    expect((await readXlsxFile(file)).map((s) => s.sheet)).toEqual(['Summary', 'Calls']);
    const summary = (await readSheet(file, 'Summary')) as unknown[][];
    const figure = (name: string) => summary.find((r) => r[0] === name)?.[1];
    expect(figure('Calls')).toBe(200);
    expect(figure('Converted')).toBe(truth.converted);
    expect(figure('Suggestions shown')).toBe(truth.shown);
    expect(figure('Opt-outs')).toBe(truth.optOuts);
    const calls = (await readSheet(file, 'Calls')) as unknown[][];
    const header = calls[0] as string[];
    expect(calls).toHaveLength(201);
    const col = (name: string) => header.indexOf(name);
    for (const row of calls.slice(1)) {
      const stored = truth.calls.get(String(row[col('Call ID')]))!;
      expect(row[col('Outcome')]).toBe(stored.outcome);
      expect(row[col('Suggestions used')]).toBe(stored.used);
      expect(row[col('Started')]).toBeInstanceOf(Date);
    }
    expect(calls.slice(1).reduce((n, r) => n + Number(r[col('Suggestions shown')]), 0)).toBe(truth.shown);
  });

  it('JSON: the dashboard figures and every call', async () => {
    const file = path.join(out, 'calls.json');
    const run = await exportTo(file, '--format', 'json', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ file, format: 'json', calls: 200, timeZone: 'UTC' });
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(doc).toMatchObject({ format: 'callcue-export', version: 1, timeZone: 'UTC' });
    expect(doc.calls).toHaveLength(200);
    expect(doc.summary.kpis).toMatchObject({ calls: 200, converted: truth.converted, suggestionsShown: truth.shown, suggestionsUsed: truth.used, optOuts: truth.optOuts });
    expect(doc.summary.kpis.adoptionRate).toBeCloseTo(truth.used / truth.shown, 6);
    expect(doc.summary.funnel[0]).toEqual({ stage: 'greeting', calls: 200 });
    expect(doc.summary.byDay.reduce((n: number, d: { calls: number }) => n + d.calls, 0)).toBe(200);
    expect(doc.summary.byDay[0].day).toBe('2026-10-01');
    const outcomes = Object.fromEntries(doc.summary.outcomes.map((o: { outcome: string; calls: number }) => [o.outcome, o.calls]));
    for (const outcome of new Set([...truth.calls.values()].map((c) => c.outcome))) {
      expect(outcomes[outcome]).toBe([...truth.calls.values()].filter((c) => c.outcome === outcome).length);
    }
  });

  it('PDF: printed by Chromium; pdftotext reads the figures, the first page shows the charts', { timeout: 60_000 }, async () => {
    const file = path.join(out, 'report.pdf');
    const run = await exportTo(file, '--format', 'pdf');
    expect(run.code, run.stderr).toBe(0);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('CallCue call report');
    expect(text).toContain('2026-10-01 – 2026-10-31 (UTC)');
    expect(text).toMatch(/Conversion\s/);
    expect(text).toContain(`${Math.round((truth.converted / 200) * 1000) / 10}%`);
    expect(text).toContain('How far calls got');
    expect(text).toContain('Top objections');
    const png = path.join(repoRoot, 'test', 'artifacts', 'report-en');
    fs.mkdirSync(path.dirname(png), { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, png]);
    // The charts are drawn in the report's palette: count pixels of its first colour on page 1.
    const ppm = execFileSync('pdftoppm', ['-r', '40', '-f', '1', '-l', '1', '-singlefile', file]);
    expect(chartPixels(ppm)).toBeGreaterThan(2000);
  });

  it('an empty range gives valid files with headers', async () => {
    const args = ['--from', '2020-01-01', '--to', '2020-01-31', '--tz', 'UTC', '--lang', 'en'];
    for (const format of ['csv', 'json', 'xlsx'] as const) {
      const file = path.join(out, `empty.${format}`);
      const run = await callcueAsync(['export', ...args, '--format', format, '--out', file], { CALLCUE_DATA_DIR: data });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('0 calls');
    }
    const csv = fs.readFileSync(path.join(out, 'empty.csv'), 'utf8');
    expect(parse(csv, { bom: true })).toEqual([expect.arrayContaining(['call_id', 'outcome', 'phone'])]);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'empty.json'), 'utf8'))).toMatchObject({ calls: [], summary: { kpis: { calls: 0, adoptionRate: 0 } } });
    expect(await readSheet(path.join(out, 'empty.xlsx'), 'Calls')).toHaveLength(1);
  });

  it.each([
    [['--from', '2026-10-31', '--to', '2026-10-01', '--out', 'x.csv'], /--from \(2026-10-31\) must be before --to/],
    [['--from', '2026-02-30', '--out', 'x.csv'], /2026-02-30 is not a calendar date/],
    [['--from', 'yesterday', '--out', 'x.csv'], /--from must be a date like 2026-11-25/],
    [['--format', 'docx', '--out', 'x.docx'], /Unknown export format "docx"/],
    [['--out', '/nonexistent-folder/x.csv'], /Cannot write the export to \/nonexistent-folder: the folder does not exist/],
    [['--tz', 'Mars/Olympus', '--out', 'x.csv'], /Unknown time zone "Mars\/Olympus"/],
    [['--format', 'csv'], /Where to\?/],
  ])('bad input %j: one line, exit 2', async (args, message) => {
    const run = await callcueAsync(['export', ...args], { CALLCUE_DATA_DIR: data });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('an existing file is refused in one line (exit 2) and kept; --force replaces it', async () => {
    const file = path.join(out, 'month.csv');
    expect((await exportTo(file, '--format', 'csv')).code).toBe(0);
    // The case: an empty range aimed at a 200-call file.
    const empty = await callcueAsync(['export', '--from', '2020-01-01', '--to', '2020-01-31', '--format', 'csv', '--out', file], { CALLCUE_DATA_DIR: data });
    expect(empty.code).toBe(2);
    expect(empty.stderr.trim().split('\n')).toHaveLength(1);
    expect(empty.stderr).toContain(`${file} already exists; nothing was written (--force replaces it).`);
    expect(parse(fs.readFileSync(file), { bom: true, columns: true })).toHaveLength(200);
    const forced = await callcueAsync(['export', '--from', '2020-01-01', '--to', '2020-01-31', '--format', 'csv', '--out', file, '--force'], { CALLCUE_DATA_DIR: data });
    expect(forced.code, forced.stderr).toBe(0);
    expect(parse(fs.readFileSync(file), { bom: true, columns: true })).toHaveLength(0);
  });

  it('an XLSX export that fails after writing its part leaves no part behind', async () => {
    // A folder where the file should go: the workbook is written whole, then the rename fails.
    const target = path.join(out, 'folder.xlsx');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inside'), '');
    const run = await exportTo(target, '--format', 'xlsx', '--force');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^callcue: Cannot write .*folder\.xlsx: /);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('a part left by a killed export is removed by the next export into that folder; a running one is not', async () => {
    // A pid that has ended, as a killed export's has.
    const ended = spawnSync(process.execPath, ['-e', '']).pid;
    const killed = path.join(out, `.calls.xlsx.callcue-${ended}-1.part`);
    const running = path.join(out, `.calls.xlsx.callcue-${process.pid}-1.part`);
    for (const part of [killed, running]) fs.writeFileSync(part, 'half a workbook');
    const run = await exportTo(path.join(out, 'after-kill.csv'), '--format', 'csv');
    expect(run.code, run.stderr).toBe(0);
    expect(fs.existsSync(killed)).toBe(false);
    expect(fs.existsSync(running)).toBe(true);
    fs.rmSync(running);
  });

  it('a failed export leaves an existing file as it was', async () => {
    const file = path.join(out, 'keep.pdf');
    fs.writeFileSync(file, 'previous report');
    const run = await callcueAsync(['export', '--format', 'pdf', '--out', file, '--force'], { CALLCUE_DATA_DIR: data, CALLCUE_CHROMIUM: '/nonexistent/chromium' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/CALLCUE_CHROMIUM is \/nonexistent\/chromium, which does not exist/);
    expect(fs.readFileSync(file, 'utf8')).toBe('previous report');
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});

/** Pixels close to the charts' first colour (#2563eb) in a binary PPM (P6). */
function chartPixels(ppm: Buffer): number {
  const header = ppm.subarray(0, 64).toString('latin1').split(/\s+/);
  const [width, height] = [Number(header[1]), Number(header[2])];
  const start = ppm.length - width * height * 3;
  let n = 0;
  for (let i = start; i < ppm.length; i += 3) if (Math.abs(ppm[i]! - 0x25) < 30 && Math.abs(ppm[i + 1]! - 0x63) < 30 && Math.abs(ppm[i + 2]! - 0xeb) < 30) n++;
  return n;
}

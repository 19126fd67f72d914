import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeadlessCore } from '../../main/core/headless.ts';
import { createTranslator } from '../../main/base/translate.ts';
import { freeExportName } from '../../main/export/index.ts';
import { createRouter, type Dispatch } from '../../main/ipc/router.ts';
import { seedCalls } from '../fixtures/calls.ts';
import { tempDir } from '../helpers/tmp.ts';

const START = Date.UTC(2026, 9, 1, 8);
let core: ReturnType<typeof createHeadlessCore>;
let dispatch: Dispatch;
let exportsDir: string;

beforeEach(async () => {
  const data = tempDir();
  exportsDir = path.join(data, 'exports');
  core = createHeadlessCore({ ...process.env, CALLCUE_DATA_DIR: data });
  // Ten calls, one every three hours from 1 October 08:00 UTC: the 1st has six, the 2nd four.
  await seedCalls(await core.store(), { count: 10, start: START });
  dispatch = createRouter(core.handlers);
});
afterEach(() => core.close());

/** The export request the dashboard sends: the filter bar as shown. */
const shown = (from: string, to: string, format = 'csv') => ({ shown: { from, to, timeZone: 'UTC' }, format, language: 'en' });

describe('export from the screen (the IPC contract, headless as the dev bridge runs it)', () => {
  it('exports the dates shown, whole days in the page zone, to a new file each time, even within a minute', async () => {
    const first = await dispatch('reports.export', shown('2026-10-02', '2026-10-02'));
    const second = await dispatch('reports.export', shown('2026-10-01', '2026-10-02', 'xlsx'));
    const third = await dispatch('reports.export', shown('2026-10-01', ''));
    expect(first).toMatchObject({ ok: true, value: { calls: 4 } });
    expect(second).toMatchObject({ ok: true, value: { calls: 10 } });
    expect(third).toMatchObject({ ok: true, value: { calls: 10 } });
    const files = [first, second, third].map((e) => (e.ok ? (e.value as { file: string }).file : ''));
    expect(new Set(files).size).toBe(3);
    for (const file of files) expect(path.basename(file)).toMatch(/^callcue-\d{4}-\d\d-\d\d-\d{4}(-\d+)?\.(csv|xlsx)$/);
    expect(fs.readdirSync(exportsDir).sort()).toEqual(files.map((f) => path.basename(f)).sort());
  });

  it('names an export by the minute, then -2, -3 when taken', () => {
    const dir = tempDir();
    const now = new Date(2026, 10, 29, 14, 32);
    expect(path.basename(freeExportName(dir, 'xlsx', now))).toBe('callcue-2026-11-29-1432.xlsx');
    fs.writeFileSync(path.join(dir, 'callcue-2026-11-29-1432.xlsx'), '');
    expect(path.basename(freeExportName(dir, 'xlsx', now))).toBe('callcue-2026-11-29-1432-2.xlsx');
    fs.writeFileSync(path.join(dir, 'callcue-2026-11-29-1432-2.xlsx'), '');
    expect(path.basename(freeExportName(dir, 'xlsx', now))).toBe('callcue-2026-11-29-1432-3.xlsx');
  });

  it.each([
    ['an inverted range', shown('2026-10-31', '2026-10-01'), 'reports.filters.inverted', undefined],
    ['a date that does not exist', shown('2026-02-30', '2026-03-01'), 'reports.filters.badDate', { value: '2026-02-30' }],
    ['text that is not a date', shown('', 'last week'), 'reports.filters.badDate', { value: 'last week' }],
  ])('refuses %s with a key the page shows by the dates, and writes nothing', async (_name, request, key, vars) => {
    const envelope = await dispatch('reports.export', request);
    expect(envelope).toEqual({ ok: false, error: { code: 'invalid_range', message: expect.any(String), key, ...(vars && { vars }) } });
    for (const language of ['en', 'zh-CN']) expect(createTranslator(language).render({ key, vars })).not.toBe(key);
    expect(fs.existsSync(exportsDir) ? fs.readdirSync(exportsDir) : []).toEqual([]);
  });
});

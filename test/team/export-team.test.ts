import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/run.ts';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { addMember, formatTeamUrl, migrateTeam, TeamSync, type TeamTarget } from '../../main/team/index.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * `callcue export --team` against a real PostgreSQL: two reps' PCs push their calls, the manager's export holds
 * exactly those calls, each with its rep, and per-rep figures; a rep's login is refused.
 */
let server: TestTeamServer;
const login: Record<'ann' | 'bob' | 'max', TeamTarget> = {} as never;
const T0 = Date.UTC(2026, 10, 20, 9, 0);

/** A call with a customer turn per intent, a suggestion set after each, the first set's rank 1 used. */
async function call(store: MetadataStore, id: string, at: number, outcome: string, intents: string[]): Promise<void> {
  await store.call('startCall', { id, startedAt: at, mode: 'assist', plugin: 'insurance', language: 'en', phone: '+14155550100' });
  for (const [i, intent] of intents.entries()) {
    const turnId = await store.call('recordTurn', { callId: id, channel: 'customer', startMs: i * 3000, endMs: i * 3000 + 900, intent, confidence: 0.9 });
    await store.call('recordSuggestions', { callId: id, turnId, shownAt: at + i * 3000 + 1000, suggestions: [1, 2].map((rank) => ({ rank, source: 'card', rule: `cards.${intent}` })) });
    if (i === 0) await store.call('markSuggestionUsed', { callId: id, rank: 1, usedAt: at + 1500 });
  }
  await store.call('endCall', { id, endedAt: at + 60_000, outcome, finalState: 'closing' });
}

/** A rep's PC: its own store, its calls, pushed with its own login. */
async function repPc(who: TeamTarget, calls: (store: MetadataStore) => Promise<void>): Promise<void> {
  const dir = tempDir();
  const store = await MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) });
  await store.call('startOutbox', {});
  await calls(store);
  const sync = new TeamSync({ store, target: who });
  await sync.drain();
  await sync.close();
  await store.close();
}

beforeAll(async () => {
  server = await startTestTeamServer();
  const admin = await server.connect();
  await migrateTeam(admin);
  for (const [name, manager, display] of [['ann', false, 'Ann Lee'], ['bob', false, 'Bob Wu'], ['max', true, 'Max']] as const) {
    const { role, password } = await addMember(admin, { name, manager, display });
    login[name] = { ...server.admin, user: role, password };
  }
  await repPc(login.ann, async (s) => {
    await call(s, 'same-id', T0, 'sale', ['objection_price', 'objection_timing']);
    await call(s, 'a2', T0 + 3_600_000, 'not_interested', ['objection_price']);
  });
  // The same local id on another PC is another call.
  await repPc(login.bob, (s) => call(s, 'same-id', T0 + 7_200_000, 'callback_scheduled', ['objection_trust']));
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

async function exportTeam(as: TeamTarget, format: string): Promise<{ code: number; stdout: string; stderr: string; file: string }> {
  const dir = tempDir();
  const file = path.join(dir, `team.${format}`);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['export', '--team', '--from', '2026-11-01', '--to', '2026-11-30', '--tz', 'UTC', '--format', format, '--out', file], {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    lines: async function* () {},
    env: { ...process.env, CALLCUE_DATA_DIR: dir, CALLCUE_TEAM_URL: formatTeamUrl(as) },
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), file };
}

describe('callcue export --team', () => {
  it("holds exactly every rep's calls, each with its rep, and per-rep figures", async () => {
    const json = await exportTeam(login.max, 'json');
    expect(json, json.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining(': 3 calls (json') });
    const report = JSON.parse(fs.readFileSync(json.file, 'utf8')) as { calls: Record<string, unknown>[]; byRep: unknown[]; summary: { kpis: { calls: number } } };
    expect(report.calls.map((c) => [c.rep, c.call_id, c.outcome, c.phone])).toEqual([
      ['Ann Lee', 'cc_ann/same-id', 'sale', null],
      ['Ann Lee', 'cc_ann/a2', 'not_interested', null],
      ['Bob Wu', 'cc_bob/same-id', 'callback_scheduled', null],
    ]);
    expect(report.summary.kpis.calls).toBe(3);
    expect(report.byRep).toEqual([
      {
        rep: 'Ann Lee',
        calls: 2,
        converted: 1,
        conversionRate: 0.5,
        outcomes: expect.arrayContaining([{ outcome: 'sale', calls: 1 }, { outcome: 'not_interested', calls: 1 }]),
        topObjections: [{ intent: 'objection_price', count: 2 }, { intent: 'objection_timing', count: 1 }],
        suggestionsShown: 6,
        suggestionsUsed: 2,
        adoptionRate: expect.any(Number),
      },
      { rep: 'Bob Wu', calls: 1, converted: 1, conversionRate: 1, outcomes: [{ outcome: 'callback_scheduled', calls: 1 }], topObjections: [{ intent: 'objection_trust', count: 1 }], suggestionsShown: 2, suggestionsUsed: 1, adoptionRate: expect.any(Number) },
    ]);

    const csv = await exportTeam(login.max, 'csv');
    const lines = fs.readFileSync(csv.file, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^rep,call_id,/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['Ann Lee', 'Ann Lee', 'Bob Wu']);

    const xlsx = await exportTeam(login.max, 'xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx.file);
    const [summary, calls] = book.worksheets;
    const texts = summary!.getColumn(1).values.map(String);
    expect(texts).toContain('By rep');
    expect(texts).toContain('Ann Lee');
    expect(calls!.getRow(1).getCell(1).value).toBe('Rep');
    expect(calls!.rowCount).toBe(4);

    const pdf = await exportTeam(login.max, 'pdf');
    const text = execFileSync('pdftotext', ['-layout', pdf.file, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/By rep[^]*Ann Lee\s+2\s+50%\s+2\s+Too expensive \(2\)/);
  });

  it("refuses a rep's login: the database would show them only their own calls", async () => {
    expect(await exportTeam(login.ann, 'json')).toMatchObject({ code: 2, stderr: expect.stringContaining("needs a manager's login; Ann Lee is a rep") });
  });
});

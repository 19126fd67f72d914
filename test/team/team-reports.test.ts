import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resources } from '../../locales/index.ts';
import type { CallDetailView, CallRow, DashboardView, Envelope, TeamCampaignReport } from '../../preload/contract.ts';
import { runCli } from '../../main/cli/run.ts';
import { createHeadlessCore } from '../../main/core/headless.ts';
import { createRouter } from '../../main/ipc/router.ts';
import { fileKeyStore } from '../../main/store/index.ts';
import { allowPcs, createCampaign, importLeads, setCampaignState } from '../../main/team/campaigns.ts';
import { addMember, formatTeamUrl, migrateTeam, teamCredentials, type TeamTarget } from '../../main/team/index.ts';
import { TeamLeases } from '../../main/team/leases.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';
import { repPc, storeCall as call } from '../helpers/team-calls.ts';
import { tempDir } from '../helpers/tmp.ts';
import { zoneAt } from '../helpers/zones.ts';

/**
 * The team's reports against a real PostgreSQL: two reps' PCs push their calls; `callcue export --team` and the
 * app's History, call summary, dashboard and export in the team's scope (through the IPC router, as the page asks)
 * hold exactly those calls, each with its rep, and per-rep figures; a rep's login is refused with words a person
 * can read, and so is a PC that never joined or a team store that is gone.
 */
let server: TestTeamServer;
const login: Record<'ann' | 'bob' | 'max', TeamTarget> = {} as never;
const T0 = Date.UTC(2026, 10, 20, 9, 0);

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
    expect(await exportTeam(login.ann, 'json')).toMatchObject({ code: 2, stderr: expect.stringContaining("needs a manager's team login; Ann Lee is a rep") });
  });
});

/** A PC's core as the app runs it, its team login sealed in its data folder (as `callcue team join` leaves it). */
function appOf(who?: TeamTarget) {
  const data = tempDir();
  if (who) teamCredentials(data, fileKeyStore(data).sealer).write('login', formatTeamUrl(who));
  const core = createHeadlessCore({ ...process.env, CALLCUE_DATA_DIR: data, CALLCUE_TEAM_URL: '' }, { model: 'fixture:micro', teamLink: true });
  opened.push(core);
  return { core, dispatch: createRouter(core.handlers) };
}
const opened: ReturnType<typeof createHeadlessCore>[] = [];
// Closed before tempDir removes their folders (after-hooks run last registered first): a link left running would open a store that is gone.
afterEach(async () => {
  for (const core of opened.splice(0)) await core.close();
});

/** What an answer holds, typed as the contract says (the router answers unknown); a failure fails the test with its message. */
function valueOf<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value as T;
}

const november = { from: T0 - 5 * 86_400_000, to: T0 + 5 * 86_400_000 };

/** A keyed error's words exist in both languages (a key with none would show nothing). */
function hasWords(key: string) {
  for (const { translation } of Object.values(resources)) expect(key.split('.').reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], translation), key).toEqual(expect.any(String));
}

describe("the manager's team view in the app", () => {
  it("History, a call's summary and the dashboard read the team store on a manager's PC", async () => {
    const { core, dispatch } = appOf(login.max);
    // The link says whose login this is once connected: the page offers the team's view to a manager only.
    await expect.poll(() => core.team.status(), { timeout: 15_000 }).toMatchObject({ joined: true, connected: true, manager: true });

    const list = valueOf<CallRow[]>(await dispatch('calls.list', { filter: november, limit: 500, scope: 'team' }));
    expect(list.map((c) => [c.rep, c.id, c.outcome])).toEqual([
      ['Bob Wu', 'cc_bob/same-id', 'callback_scheduled'],
      ['Ann Lee', 'cc_ann/a2', 'not_interested'],
      ['Ann Lee', 'cc_ann/same-id', 'sale'],
    ]);
    // This PC's own history is still its own (a manager's PC made no calls).
    expect(await dispatch('calls.list', { filter: november, scope: 'pc' })).toEqual({ ok: true, value: [] });
    const narrowed = valueOf<CallRow[]>(await dispatch('calls.list', { filter: { ...november, intent: 'objection_trust' }, scope: 'team' }));
    expect(narrowed.map((c) => c.id)).toEqual(['cc_bob/same-id']);

    const detail = valueOf<CallDetailView>(await dispatch('calls.get', { id: 'cc_ann/same-id', scope: 'team' }));
    expect(detail.call).toMatchObject({ id: 'cc_ann/same-id', rep: 'Ann Lee', outcome: 'sale', phone: null });
    expect(detail.objections.map((o) => o.intent)).toEqual(['objection_price', 'objection_timing']);
    expect(detail.suggestions).toEqual({ shown: 4, used: 1 });
    expect(await dispatch('calls.get', { id: 'cc_ann/nothing', scope: 'team' })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const dashboard = valueOf<{ view: DashboardView }>(await dispatch('reports.dashboard', { filter: november, language: 'en', scope: 'team' }));
    expect(dashboard.view.kpis).toMatchObject({ calls: 3, converted: 2 });
    expect(dashboard.view.byRep?.map((r) => [r.rep, r.calls, r.converted, r.suggestionsUsed, r.topObjections[0]?.intent])).toEqual([
      ['Ann Lee', 2, 1, 2, 'objection_price'],
      ['Bob Wu', 1, 1, 1, 'objection_trust'],
    ]);
    const own = valueOf<{ view: DashboardView }>(await dispatch('reports.dashboard', { filter: november, language: 'en' }));
    expect(own.view).toMatchObject({ kpis: { calls: 0 } });
    expect(own.view.byRep).toBeUndefined();

    // The screen's export in the team's scope: the same calls with their reps, under the data folder headless.
    const exported = valueOf<{ file: string; calls: number }>(await dispatch('reports.export', { shown: { from: '2026-11-15', to: '2026-11-25', timeZone: 'UTC' }, format: 'json', language: 'en', scope: 'team' }));
    expect(exported.calls).toBe(3);
    const json = JSON.parse(fs.readFileSync(exported.file, 'utf8')) as { calls: { rep: string }[]; byRep: { rep: string }[] };
    expect(json.calls.map((c) => c.rep)).toEqual(['Ann Lee', 'Ann Lee', 'Bob Wu']);
    expect(json.byRep.map((r) => r.rep)).toEqual(['Ann Lee', 'Bob Wu']);
  });

  it("a rep's PC, a PC on no team and a team store that is gone: one clear error each, in the page's language", async () => {
    const rep = appOf(login.ann);
    await expect.poll(() => rep.core.team.status(), { timeout: 15_000 }).toMatchObject({ connected: true, manager: false });
    const refused = await rep.dispatch('calls.list', { filter: november, scope: 'team' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'team_not_manager', key: 'doctor.hint.team.not_manager' } });
    if (!refused.ok) hasWords(refused.error.key!);
    expect(await rep.dispatch('reports.dashboard', { filter: november, language: 'en', scope: 'team' })).toMatchObject({ ok: false, error: { code: 'team_not_manager' } });
    // Refused before any file is chosen or written.
    expect(await rep.dispatch('reports.export', { shown: { from: '2026-11-15', to: '2026-11-25', timeZone: 'UTC' }, format: 'csv', language: 'en', scope: 'team' })).toMatchObject({ ok: false, error: { code: 'team_not_manager' } });
    expect(fs.existsSync(path.join(rep.core.paths.dataDir, 'exports'))).toBe(false);

    const alone = appOf();
    expect(await alone.dispatch('calls.list', { scope: 'team' })).toMatchObject({ ok: false, error: { code: 'team_not_joined' } });

    const manager = appOf(login.max);
    await server.halt();
    try {
      const gone = await manager.dispatch('calls.list', { filter: november, scope: 'team' });
      expect(gone).toMatchObject({ ok: false, error: { code: 'team_unreachable', key: 'doctor.hint.team.unreachable' } });
      if (!gone.ok) hasWords(gone.error.key!);
    } finally {
      await server.restart();
    }
  });

  it("the team export carries the morning report of the team campaigns in its range: per PC and per disposition", async () => {
    const { dispatch } = appOf(login.max);
    const manager = await server.connect(login.max);
    const id = await createCampaign(manager, { name: 'overnight', plugin: 'insurance', language: 'en', rules: { maxAttempts: 1 } });
    const leads = ['+14155550201', '+14155550202', '+14155550203'].map((p, i) => `Lead ${i},${p},${zoneAt(12)},en,insurance,web form,2026-01-01`);
    await importLeads(manager, id, ['name,phone,timezone,language,plugin,consent_source,consent_date', ...leads].join('\n'));
    await allowPcs(manager, id, ['ann', 'bob']);
    await setCampaignState(manager, id, 'running');
    // Ann's PC: a busy line and a completed call; Bob's: a no-answer.
    for (const [who, disposition] of [['ann', 'busy'], ['ann', 'completed'], ['bob', 'no_answer']] as const) {
      const pc = new TeamLeases({ client: await server.connect(login[who]), campaignId: id });
      const lease = await pc.next();
      if (lease.status !== 'leased') throw new Error(lease.status);
      expect(await pc.dial(lease.lead)).toBe('dial');
      await pc.finish(lease.lead, disposition);
    }
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const shown = { from: day(-1), to: day(1), timeZone: 'UTC' };
    const json = valueOf<{ file: string }>(await dispatch('reports.export', { shown, format: 'json', language: 'en', scope: 'team' }));
    const { campaigns } = JSON.parse(fs.readFileSync(json.file, 'utf8')) as { campaigns: TeamCampaignReport[] };
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]!.campaign).toMatchObject({ id, name: 'overnight', state: 'running' });
    expect(campaigns[0]!.totals).toMatchObject({ dialled: 3, dispositions: { busy: 1, completed: 1, no_answer: 1 } });
    expect(campaigns[0]!.pcs.map((pc) => [pc.displayName, pc.dialled, pc.dispositions])).toEqual([
      ['Ann Lee', 2, { busy: 1, completed: 1 }],
      ['Bob Wu', 1, { no_answer: 1 }],
    ]);

    const xlsx = valueOf<{ file: string }>(await dispatch('reports.export', { shown, format: 'xlsx', language: 'en', scope: 'team' }));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx.file);
    const summary = book.worksheets[0]!;
    const lines = summary.getSheetValues().map((row) => (Array.isArray(row) ? row.slice(1).map(String).join('|') : ''));
    const at = lines.indexOf(`Team campaign #${id} overnight`);
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 5)).toEqual([
      'PC (rep)|Dialled|Answered|Abandoned|On the line now|Dispositions so far',
      'Ann Lee|2|1|0|0|busy 1, completed 1',
      'Bob Wu|1|0|0|0|no answer 1',
      'All PCs|3|1|0|0|busy 1, completed 1, no answer 1',
    ]);
    const pdf = valueOf<{ file: string }>(await dispatch('reports.export', { shown, format: 'pdf', language: 'en', scope: 'team' }));
    expect(execFileSync('pdftotext', ['-layout', pdf.file, '-'], { encoding: 'utf8' })).toMatch(new RegExp(`Team campaign #${id} overnight[^]*Bob Wu\\s+1\\s+0\\s+0\\s+0\\s+no answer 1[^]*All PCs\\s+3\\s+1`));
    // Outside the range, no campaign.
    const before = valueOf<{ file: string }>(await dispatch('reports.export', { shown: { from: '2026-01-01', to: '2026-01-02', timeZone: 'UTC' }, format: 'json', language: 'en', scope: 'team' }));
    expect((JSON.parse(fs.readFileSync(before.file, 'utf8')) as { campaigns: unknown[] }).campaigns).toEqual([]);
  });
});

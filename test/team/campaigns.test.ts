import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/run.ts';
import { addMember, formatTeamUrl, migrateTeam, type TeamClient, type TeamTarget } from '../../main/team/index.ts';
import { allowPcs, campaignReport, createCampaign, importLeads, setCampaignState, setRules } from '../../main/team/campaigns.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/tmp.ts';

/** A manager's side of a shared campaign: import with today's row checks, rules, PCs, state, the report; and the CLI. */
let server: TestTeamServer;
let max: TeamClient;
let maxLogin: TeamTarget;
let ann: TeamClient;

beforeAll(async () => {
  server = await startTestTeamServer();
  const admin = await server.connect();
  await migrateTeam(admin);
  const m = await addMember(admin, { name: 'max', manager: true, display: 'Max Chen' });
  maxLogin = { ...server.admin, user: m.role, password: m.password };
  max = await server.connect(maxLogin);
  const a = await addMember(admin, { name: 'ann', manager: false });
  ann = await server.connect({ user: a.role, password: a.password });
});

afterAll(async () => {
  await server?.stop();
});

const HEADER = 'name,phone,timezone,region,language,plugin,consent_source,consent_date';
const list = (...rows: string[]) => [HEADER, ...rows].join('\n');

describe('shared campaigns: the manager', () => {
  it("imports a lead list with today's row checks: bad rows skipped by line and reason, names left in the file", async () => {
    const id = await createCampaign(max, { name: 'Spring', plugin: 'insurance', language: 'en' });
    const file = list(
      'Ann Lee,+8613800000001,,CN,zh,insurance,web form,2026-01-01',
      'Bo,+8613800000002,Asia/Shanghai,,zh,insurance,,2026-01-01',
      'Cy,13800000003,Asia/Shanghai,,zh,insurance,web form,2026-01-01',
      'Di,+8613800000004,Asia/Shanghai,,zh,appliances,web form,2026-01-01',
      'Ed,+14155550105,America/Los_Angeles,US-CA,en,insurance,paper,2999-01-01',
      'Fay,+8613800000001,,CN,zh,insurance,web form,2026-01-01',
      'Gus,+14155550107,America/New_York,US-NY,en,insurance,paper,2026-02-01',
    );
    const { imported, skipped } = await importLeads(max, id, file);
    expect(imported).toBe(2);
    expect(skipped.map((s) => [s.line, s.message])).toEqual([
      [3, 'consent_source is empty: no call without recorded consent'],
      [4, 'phone must be E.164, like +8613812345678'],
      [5, 'unknown plugin "appliances" (insurance)'],
      [6, 'consent_date 2999-01-01 is in the future'],
      [7, '+8613800000001 is already on line 2'],
    ]);
    expect((await max.query('SELECT line, phone, time_zone, region, language, consent_source, consent_date::text FROM callcue.campaign_leads WHERE campaign_id = $1 ORDER BY line', [id])).rows).toEqual([
      { line: 2, phone: '+8613800000001', time_zone: 'Asia/Shanghai', region: 'CN', language: 'zh-CN', consent_source: 'web form', consent_date: '2026-01-01' },
      { line: 8, phone: '+14155550107', time_zone: 'America/New_York', region: 'US-NY', language: 'en', consent_source: 'paper', consent_date: '2026-02-01' },
    ]);
    // A second list: a number already in the campaign is skipped; with --strict the whole list is refused.
    const second = list('Ann again,+8613800000001,,CN,zh,insurance,web form,2026-01-01', 'Hal,+8613800000008,,CN,zh,insurance,web form,2026-01-01');
    await expect(importLeads(max, id, second, { strict: true })).rejects.toMatchObject({ code: 'leads_invalid', rows: [{ line: 2, message: '+8613800000001 is already in the campaign (line 2 of an earlier list)' }] });
    await expect(importLeads(max, id, file, { strict: true })).rejects.toMatchObject({ code: 'leads_invalid', rows: expect.arrayContaining([expect.objectContaining({ line: 3 })]) });
    expect((await campaignReport(max, id)).leads.total).toBe(2);
    expect(await importLeads(max, id, second)).toMatchObject({ imported: 1, skipped: [{ line: 2 }] });
    await expect(importLeads(ann, id, second)).rejects.toThrow(/permission denied/);
  });

  it('sets the rules, the PCs and the state, and reports the whole campaign', async () => {
    const id = await createCampaign(max, { name: 'Rules', plugin: 'insurance', language: 'zh-CN', rules: { maxAttempts: 2 } });
    const rules = async () => ({
      windows: (await max.query("SELECT region, to_char(starts, 'HH24:MI') AS s, to_char(ends, 'HH24:MI') AS e FROM callcue.campaign_windows WHERE campaign_id = $1 ORDER BY region", [id])).rows,
      backoff: Object.fromEntries((await max.query('SELECT disposition, minutes FROM callcue.campaign_backoff WHERE campaign_id = $1', [id])).rows.map((r) => [r.disposition, r.minutes])),
      campaign: (await max.query('SELECT max_attempts, abandon_limit::float AS limit, stop_at FROM callcue.campaigns WHERE id = $1', [id])).rows[0],
    });
    expect(await rules()).toEqual({
      windows: [{ region: '', s: '08:00', e: '21:00' }],
      backoff: { no_answer: 120, busy: 30, voicemail: 240, voicemail_left: 1440, failed: 60, completed: 1440, lease_expired: 60 },
      campaign: { max_attempts: 2, limit: 0.03, stop_at: null },
    });
    const stopAt = Date.parse('2026-12-01T06:00:00Z');
    await setRules(max, id, { windows: { CN: { start: '09:00', end: '20:00' } }, backoffMinutes: { busy: 10 }, abandonLimit: 0.02, stopAt });
    expect(await rules()).toMatchObject({ windows: [{ region: '', s: '08:00', e: '21:00' }, { region: 'CN', s: '09:00', e: '20:00' }], backoff: { busy: 10, no_answer: 120 }, campaign: { limit: 0.02, stop_at: new Date(stopAt) } });
    await expect(setRules(max, id, { abandonLimit: 0.05 })).rejects.toThrow(/check constraint/);
    await expect(allowPcs(max, id, ['ann', 'zed'])).rejects.toMatchObject({ code: 'team_member_unknown', message: expect.stringContaining('zed') });
    expect(await allowPcs(max, id, ['ann', 'ann'])).toEqual(['cc_ann', 'cc_ann']);
    await expect(setCampaignState(max, 999, 'running')).rejects.toMatchObject({ code: 'team_campaign_unknown' });
    await setCampaignState(max, id, 'running');
    await setCampaignState(max, id, 'stopped');
    await expect(importLeads(max, id, list())).rejects.toMatchObject({ code: 'team_campaign_stopped' });
    expect((await campaignReport(max, id)).campaign).toMatchObject({ state: 'stopped', stateReason: 'operator', stateChangedBy: 'cc_max', language: 'zh-CN' });
  });
});

describe('callcue team campaign', () => {
  async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const env = { ...process.env, CALLCUE_DATA_DIR: tempDir(), CALLCUE_TEAM_URL: formatTeamUrl(maxLogin) };
    const code = await runCli(['team', 'campaign', ...args], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), lines: async function* () {}, env });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  it('creates, imports, allows, starts, pauses and reports, with one clear line for bad input', async () => {
    const created = await cli(['create', 'Night shift', '--plugin', 'insurance', '--window', '09:00-20:00', '--backoff', 'busy=5,lease_expired=0', '--max-attempts', '2', '--json']);
    expect(created).toMatchObject({ code: 0 });
    const { id } = JSON.parse(created.stdout) as { id: number };
    const file = path.join(tempDir(), 'leads.csv');
    fs.writeFileSync(file, list('A,+14155550201,America/New_York,,en,insurance,web,2026-01-01', 'B,+14155550202,,US,en,insurance,web,2026-01-01'));
    expect(await cli(['import', String(id), file, '--strict'])).toMatchObject({ code: 2, stderr: expect.stringContaining('nothing was imported: line 3: region US spans several time zones') });
    const imported = await cli(['import', String(id), file, '--json']);
    expect(imported.stdout.split('\n').map((l) => JSON.parse(l))).toEqual([
      { type: 'csv_error', line: 3, message: 'region US spans several time zones: give timezone', skipped: true },
      { type: 'imported', imported: 1, skipped: 1 },
    ]);
    expect(await cli(['allow', String(id), 'ann'])).toMatchObject({ code: 0, stdout: `Campaign ${id}: cc_ann may work it.` });
    expect(await cli(['start', String(id)])).toMatchObject({ code: 0, stdout: `Campaign ${id} is running for every PC.` });
    expect(await cli(['pause', String(id)])).toMatchObject({ code: 0 });
    const report = JSON.parse((await cli(['report', String(id), '--json'])).stdout);
    expect(report).toMatchObject({ campaign: { id, name: 'Night shift', state: 'paused', stateReason: 'operator' }, leads: { total: 1 }, totals: { dialled: 0 } });
    expect((await cli(['report', String(id)])).stdout).toMatch(/^Campaign \d+ "Night shift" \(insurance, en\): paused \(operator, by max\)\nLeads: 1, finished 0/);
    expect(await cli(['create', 'X', '--plugin', 'insurance', '--window', '21:00-08:00'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--window takes a window like 08:00-21:00') });
    expect(await cli(['create', 'X', '--plugin', 'cars'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--plugin must be') });
    expect(await cli(['create', 'X', '--plugin', 'insurance', '--backoff', 'sale=5'])).toMatchObject({ code: 2, stderr: expect.stringContaining('is not a disposition that is tried again') });
    expect(await cli(['stop', 'x'])).toMatchObject({ code: 2, stderr: expect.stringContaining('Which campaign?') });
    expect(await cli(['launch', String(id)])).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown campaign action "launch"') });
  });
});

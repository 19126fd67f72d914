import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTeamUrl, type TeamClient, type TeamTarget } from '../../main/team/index.ts';
import { allowPcs, campaignReport, createCampaign, importLeads, setCampaignState } from '../../main/team/campaigns.ts';
import { TeamLeases } from '../../main/team/leases.ts';
import { callcueAsync, repoRoot } from '../helpers/cli.ts';
import { attemptsOf, staffTeam, startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/tmp.ts';
import { zoneAt } from '../helpers/zones.ts';

/**
 * Issue 13's "done when" with the real autopilot: three `callcue autopilot --team-campaign` processes, each with its
 * own data folder and its own rep's sealed login (`callcue team join`), on the virtual line with the fixture model,
 * work one 300-lead campaign on a real PostgreSQL. Abandonment on a fourth PC's calls pauses all three; the manager
 * resumes; one process is killed with SIGKILL on a call and its leads are finished by the others after its 5 s lease;
 * opt-outs (pressed 9 on the line, at least one of them on a call PC A's autopilot dialled, and numbers PC A's login
 * lists mid-campaign) are never leased or dialled by any PC after their commit.
 */
let server: TestTeamServer;
let manager: TeamClient;
const reps = ['ann', 'bob', 'cat'] as const;
let logins: Record<(typeof reps)[number] | 'dan', TeamTarget>;
const children: ChildProcess[] = [];
/** Its own connection, idle but for this: the server's clock when a do-not-call notification arrives. */
let clock: TeamClient;

beforeAll(async () => {
  server = await startTestTeamServer();
  ({ manager, logins } = await staffTeam(await server.connect(), server.admin, 'max', [...reps, 'dan'] as const));
  clock = await server.connect();
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await server?.stop();
});

/** The virtual line's callees by last digit: 0 busy, 1 no answer, 8 answers and hangs up at once, 9 presses 9. */
const DIGITS = ['0', '1', '8', '0', '1', '8', '0', '1', '8', '8'];
const prefix = '+1415200';
const phone = (i: number, digit: string) => `${prefix}${String(i).padStart(3, '0')}${digit}`;

/** A PC: `callcue team join` into its own data folder, then `callcue autopilot --team-campaign`, its JSON events collected. */
async function pc(name: (typeof reps)[number], id: number) {
  const data = tempDir();
  const env = { CALLCUE_DATA_DIR: data, CALLCUE_TEAM_URL: '' };
  const joined = await callcueAsync(['team', 'join', formatTeamUrl(logins[name])], env);
  expect(joined.code, joined.stderr).toBe(0);
  const args = ['autopilot', '--team-campaign', String(id), '--line', 'virtual', '--concurrency', '8', '--lease', '5', '--model', 'fixture:micro', '--json'];
  const child = spawn(process.execPath, [path.join(repoRoot, 'main/cli/callcue.ts'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const events: (Record<string, unknown> & { type: string; at: number })[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on('line', (l) => events.push({ ...(JSON.parse(l) as { type: string }), at: Date.now() }));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return { name, data, child, events, exited };
}

const dbNow = async (client: TeamClient = manager) => (await client.query<{ t: string }>('SELECT clock_timestamp()::text AS t')).rows[0]!.t;


describe('the autopilot on a team campaign', () => {
  it('three processes: each eligible lead one outcome per attempt, none twice, none ineligible; a team pause, a SIGKILL, opt-outs', { timeout: 300_000 }, async () => {
    // Tried once tonight (busy waits 30 min, no answer 2 h, a completed call a day), but a dead PC's lead at once. 300
    // leads: 240 eligible, 20 on the team's list, 20 out of their window, 20 unconsented, each kind spread through the
    // list. One in ten of the first 150 eligible presses 9: opt-outs taken on the line by whichever PC dialled (15, so
    // each PC takes some), not in the last part: such a call holds its line about 23 s, and the campaign's end waits.
    const eligible = Array.from({ length: 240 }, (_, i) => phone(i, i < 150 && i % 10 === 4 ? '9' : DIGITS[i % 10]!));
    const dnc = Array.from({ length: 20 }, (_, i) => phone(240 + i, '8'));
    const night = Array.from({ length: 20 }, (_, i) => phone(260 + i, '8'));
    const unconsented = Array.from({ length: 20 }, (_, i) => phone(280 + i, '8'));
    const ineligible = new Set([...dnc, ...night, ...unconsented]);
    const id = await createCampaign(manager, { name: 'overnight', plugin: 'insurance', language: 'en', rules: { maxAttempts: 2, backoffMinutes: { busy: 30, no_answer: 120, completed: 1440, failed: 60, lease_expired: 0 } } });
    // Interleaved (leases go in list order): 20 lists of 12 eligible leads, one on the team's list and one out of its
    // window, each followed by one lead without consent (added as a list from elsewhere would be).
    for (let k = 0; k < 20; k++) {
      const rows = [...eligible.slice(k * 12, k * 12 + 12), dnc[k]!].map((p, i) => `Lead ${k * 13 + i},${p},${zoneAt(12)},en,insurance,web form,2026-01-01`).concat(`Night,${night[k]!},${zoneAt(3)},en,insurance,web form,2026-01-01`);
      expect((await importLeads(manager, id, ['name,phone,timezone,language,plugin,consent_source,consent_date', ...rows].join('\n'))).imported).toBe(14);
      await manager.query("INSERT INTO callcue.campaign_leads (campaign_id, line, phone, time_zone, language) VALUES ($1, 100, $2, $3, 'en')", [id, unconsented[k], zoneAt(12)]);
    }
    expect(Number((await manager.query('SELECT count(*) FROM callcue.campaign_leads WHERE campaign_id = $1', [id])).rows[0].count)).toBe(300);
    await manager.query("INSERT INTO callcue.dnc (phone, source) SELECT unnest($1::text[]), 'import'", [dnc]);
    await allowPcs(manager, id, [...reps, 'dan']);

    // Every do-not-call commit as the server saw it arrive (NOTIFY goes out at commit): the time it held from, read on
    // an idle connection of its own so that it is not queued behind the test's other queries.
    const listed = new Map<string, string>();
    const listener = await server.connect();
    let heard = Promise.resolve();
    listener.on('notification', (n) => {
      const { phone } = JSON.parse(n.payload!) as { phone: string };
      heard = heard.then(() => dbNow(clock)).then((t) => void listed.set(phone, t));
    });
    await listener.query('LISTEN callcue_dnc');

    const pcs = await Promise.all(reps.map((r) => pc(r, id)));
    const [ann, bob, cat] = pcs as [Awaited<ReturnType<typeof pc>>, Awaited<ReturnType<typeof pc>>, Awaited<ReturnType<typeof pc>>];
    await setCampaignState(manager, id, 'running');
    const finished = async () => Number((await manager.query("SELECT count(*) FROM callcue.campaign_attempts WHERE campaign_id = $1 AND disposition NOT IN ('not_dialled', 'lease_expired')", [id])).rows[0].count);
    // Every PC up (its models loaded, 8 lines each: the slowest takes a while on 2 cores) and dialling, before the pause.
    await expect.poll(() => pcs.filter((p) => !p.events.some((e) => e.type === 'dial')).map((p) => p.name), { timeout: 90_000, interval: 200 }).toEqual([]);
    await expect.poll(finished, { timeout: 30_000, interval: 200 }).toBeGreaterThanOrEqual(9);

    // A fourth PC's answered calls left silent: over 3% of the campaign's answered calls, paused for everyone.
    const dan = new TeamLeases({ client: await server.connect(logins.dan), campaignId: id });
    let state = 'running';
    while (state === 'running') {
      const lead = (await dan.take())!;
      expect(await dan.dial(lead)).toBe('dial');
      state = await dan.finish(lead, 'not_interested', { abandoned: true });
    }
    expect(state).toBe('paused');
    const pausedAt = await dbNow();
    for (const p of pcs) await expect.poll(() => p.events.some((e) => e.type === 'paused' && e.reason === 'abandonment'), { timeout: 10_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    const { rows: dialledSincePause } = await manager.query('SELECT id FROM callcue.campaign_attempts WHERE campaign_id = $1 AND dialled_at > $2::timestamptz', [id, pausedAt]);
    expect(dialledSincePause).toEqual([]);

    await setCampaignState(manager, id, 'running');
    for (const p of pcs) await expect.poll(() => p.events.some((e) => e.type === 'resumed'), { timeout: 10_000 }).toBe(true);

    // PC A's login lists six numbers nobody has reached, in one commit, mid-campaign.
    const { rows: unreached } = await manager.query<{ phone: string }>('SELECT phone FROM callcue.campaign_leads WHERE campaign_id = $1 AND leases = 0 AND phone = ANY($2::text[]) ORDER BY id DESC LIMIT 6', [id, eligible]);
    const annDb = await server.connect(logins.ann);
    await annDb.query("INSERT INTO callcue.dnc (phone, source) SELECT unnest($1::text[]), 'opt_out_speech'", [unreached.map((r) => r.phone)]);
    expect(unreached).toHaveLength(6);

    // C, killed on a call: its dialled leases run out (5 s; renewed every 1.7 s, so a live PC's event loop may stall a
    // while on a loaded 2-core machine without losing one) and other PCs make those leads' next attempts.
    await expect.poll(() => cat.events.at(-1)?.type === 'dial' && cat.events.filter((e) => e.type === 'dial').length >= 2, { timeout: 30_000, interval: 5 }).toBe(true);
    cat.child.kill('SIGKILL');
    expect((await cat.exited).signal).toBe('SIGKILL');

    // Nothing left to dial tonight: the manager stops, every PC hears it and ends.
    await expect
      .poll(async () => {
        const { leads } = await campaignReport(manager, id);
        return leads.eligibleNow + leads.leasedNow;
      }, { timeout: 180_000, interval: 250 })
      .toBe(0);
    await setCampaignState(manager, id, 'stopped');
    for (const p of [ann, bob]) {
      expect(await p.exited, p.name).toMatchObject({ code: 0 });
      expect(p.events.at(-1), p.name).toMatchObject({ type: 'done', stoppedBy: 'stopped' });
    }

    const attempts = await attemptsOf(manager, id);
    const listedMidway = new Set(unreached.map((r) => r.phone));
    // No ineligible lead leased at all, every attempt closed.
    expect(attempts.filter((a) => ineligible.has(a.phone))).toEqual([]);
    expect(attempts.filter((a) => !a.ended_at)).toEqual([]);
    const outcome = (p: string) => ({ '0': 'busy', '1': 'no_answer', '9': 'opted_out' })[p.at(-1)!] ?? 'completed';
    const dead = attempts.filter((a) => a.disposition === 'lease_expired' && a.dialled_at);
    expect(dead.length).toBeGreaterThan(0);
    expect(new Set(dead.map((a) => a.rep))).toEqual(new Set(['cc_cat']));
    for (const p of eligible) {
      const all = attempts.filter((a) => a.phone === p);
      // Attempts numbered 1..n, one at a time: the next leased only after the one before ended. A lease given back
      // undialled (begin_dial refused it: the team paused) ends not_dialled, or lease_expired if its PC died first.
      expect(all.map((a) => a.attempt_no), p).toEqual(all.map((_, i) => i + 1));
      for (let i = 1; i < all.length; i++) expect(all[i]!.leased_at >= all[i - 1]!.ended_at!, p).toBe(true);
      const mine = all.filter((a) => a.dialled_at);
      expect(all.filter((a) => !a.dialled_at && !(a.disposition === 'not_dialled' || (a.disposition === 'lease_expired' && a.rep === 'cc_cat'))), p).toEqual([]);
      if (listedMidway.has(p)) {
        expect(mine, p).toEqual([]);
        continue;
      }
      // Exactly one outcome: the callee's (or the abandoning PC's), after a dead PC's lease_expired where it died.
      const real = mine.filter((a) => a.disposition !== 'lease_expired');
      expect(real.map((a) => (a.rep === 'cc_dan' ? 'not_interested' : outcome(p))), p).toEqual(real.map((a) => a.disposition));
      expect(real.length, p).toBe(1);
    }
    // The dead PC's leads finished by the others.
    for (const a of dead) expect(attempts.some((b) => b.phone === a.phone && b.attempt_no > a.attempt_no && b.rep !== 'cc_cat' && b.dialled_at && b.disposition !== 'lease_expired'), a.phone).toBe(true);
    // Each live PC printed one dial per attempt it dialled, and no number twice.
    for (const p of [ann, bob]) {
      const dials = p.events.filter((e) => e.type === 'dial').map((e) => e.phone as string);
      expect(new Set(dials).size, p.name).toBe(dials.length);
      expect(dials.length, p.name).toBe(attempts.filter((a) => a.rep === `cc_${p.name}` && a.dialled_at).length);
    }
    // Opt-outs pressed 9 on the line reach the team's list by that PC's sync (the outbox, every 2 s). The killed PC's
    // last ones are still in its data folder's outbox: pushed when it comes back (here `team sync --once`).
    const synced = await callcueAsync(['team', 'sync', '--once'], { CALLCUE_DATA_DIR: cat.data, CALLCUE_TEAM_URL: '' });
    expect(synced.code, synced.stderr).toBe(0);
    const optedOut = attempts.filter((a) => a.disposition === 'opted_out');
    expect(optedOut.length).toBeGreaterThan(5);
    await expect.poll(() => optedOut.filter((a) => !listed.has(a.phone)).map((a) => a.phone), { timeout: 15_000 }).toEqual([]);
    for (const p of listedMidway) expect(listed.has(p), p).toBe(true);
    // At least one opt-out taken by PC A's own autopilot on a call it dialled: its attempt, its event, its login's entry.
    const annOptOuts = optedOut.filter((a) => a.rep === 'cc_ann').map((a) => a.phone).sort();
    expect(annOptOuts.length).toBeGreaterThan(0);
    expect(ann.events.filter((e) => e.type === 'disposition' && e.disposition === 'opted_out').map((e) => e.phone as string).sort()).toEqual(annOptOuts);
    const { rows: annEntries } = await manager.query<{ phone: string; added_by: string; source: string }>('SELECT phone, added_by, source FROM callcue.dnc WHERE phone = ANY($1::text[]) ORDER BY phone', [annOptOuts]);
    expect(annEntries).toEqual(annOptOuts.map((phone) => ({ phone, added_by: 'cc_ann', source: 'opt_out_dtmf' })));
    // No lease or dial, by any PC, at or after the commit of any opt-out: A's on the line, the others', the six A listed.
    const { rows: after } = await manager.query(
      `SELECT l.phone, a.rep, a.leased_at, a.dialled_at, o.at FROM callcue.campaign_attempts a JOIN callcue.campaign_leads l ON l.id = a.lead_id JOIN unnest($2::text[], $3::timestamptz[]) AS o(phone, at) ON o.phone = l.phone
       WHERE a.campaign_id = $1 AND (a.leased_at >= o.at OR a.dialled_at >= o.at)`,
      [id, [...listed.keys()], [...listed.values()]],
    );
    expect(after).toEqual([]);
    const report = await campaignReport(manager, id);
    expect(report.campaign).toMatchObject({ state: 'stopped' });
    expect(report.pcs.map((p) => p.rep).sort()).toEqual(['cc_ann', 'cc_bob', 'cc_cat', 'cc_dan']);
  });
});

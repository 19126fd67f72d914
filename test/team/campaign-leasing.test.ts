import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Disposition } from '../../main/campaign/rules.ts';
import { formatTeamUrl, type TeamClient, type TeamTarget } from '../../main/team/index.ts';
import { allowPcs, campaignReport, createCampaign, importLeads, setCampaignState } from '../../main/team/campaigns.ts';
import { TeamLeases } from '../../main/team/leases.ts';
import { attemptsOf, staffTeam, startTestTeamServer, type AttemptRow, type TestTeamServer } from '../helpers/postgres.ts';
import { zoneAt } from '../helpers/zones.ts';

/**
 * Several PCs working one 300-lead campaign on a real PostgreSQL, as separate connections under their own rep
 * logins and as separate processes: every eligible lead gets exactly one outcome per attempt, none is leased twice
 * in one attempt, none ineligible is leased; a PC killed with SIGKILL loses its leads to the others; an opt-out
 * taken mid-campaign is never dialled after its commit; abandonment on one PC's calls pauses the campaign for all.
 */
let server: TestTeamServer;
let manager: TeamClient;
const reps = ['ann', 'bob', 'cat'] as const;
let logins: Record<(typeof reps)[number], TeamTarget>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = await startTestTeamServer();
  ({ manager, logins } = await staffTeam(await server.connect(), server.admin, 'max', reps));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await server?.stop();
});

/** The number's last digit picks the outcome (as test/team/fixtures/lease-worker.ts): 0 busy, 1 no answer, 2 voicemail. */
const OUTCOMES: Record<string, Disposition> = { '0': 'busy', '1': 'no_answer', '2': 'voicemail' };
const outcomeOf = (phone: string): Disposition => OUTCOMES[phone.at(-1)!] ?? 'not_interested';
/** With max_attempts 2 and no back-off, a busy, unanswered or voicemail lead is tried twice, the others once. */
const expectedAttempts = (phone: string) => (OUTCOMES[phone.at(-1)!] ? 2 : 1);

/**
 * A 300-lead campaign: 240 eligible; 20 on the team's do-not-call list; 20 whose local time is 03:00 (outside
 * 08:00-21:00); 20 without a consent record (put in by hand: the CSV import skips such rows).
 */
let made = 0;
async function campaign300(name: string): Promise<{ id: number; eligible: string[]; ineligible: string[] }> {
  // Numbers of their own per campaign: the do-not-call list is the team's, across campaigns.
  const prefix = `+1415${100 + ++made}`;
  const phone = (i: number) => `${prefix}${String(i).padStart(4, '0')}`;
  const rows = Array.from({ length: 280 }, (_, i) => `Lead ${i},${phone(i)},${i >= 260 ? zoneAt(3) : zoneAt(12)},en,insurance,web form,2026-01-01`);
  const id = await createCampaign(manager, { name, plugin: 'insurance', language: 'en', rules: { maxAttempts: 2, backoffMinutes: { busy: 0, no_answer: 0, voicemail: 0, lease_expired: 0 } } });
  const { imported, skipped } = await importLeads(manager, id, ['name,phone,timezone,language,plugin,consent_source,consent_date', ...rows].join('\n'));
  expect([imported, skipped]).toEqual([280, []]);
  const unconsented = Array.from({ length: 20 }, (_, i) => phone(280 + i));
  await manager.query("INSERT INTO callcue.campaign_leads (campaign_id, line, phone, time_zone, language) SELECT $1, 300, unnest($2::text[]), $3, 'en'", [id, unconsented, zoneAt(12)]);
  const dnc = Array.from({ length: 20 }, (_, i) => phone(240 + i));
  await manager.query("INSERT INTO callcue.dnc (phone, source) SELECT unnest($1::text[]), 'import' ON CONFLICT DO NOTHING", [dnc]);
  await allowPcs(manager, id, [...reps]);
  return { id, eligible: Array.from({ length: 240 }, (_, i) => phone(i)), ineligible: [...dnc, ...Array.from({ length: 20 }, (_, i) => phone(260 + i)), ...unconsented] };
}

/**
 * Exactly one outcome per attempt of every eligible lead, attempts numbered 1..n without a gap or a repeat, no two
 * attempts of one lead held at once, and nothing for an ineligible lead.
 */
async function expectWorkedOnce(id: number, eligible: string[], ineligible: string[]): Promise<AttemptRow[]> {
  const attempts = await attemptsOf(manager, id);
  const dialled = attempts.filter((a) => a.dialled_at);
  const byPhone = Map.groupBy(dialled, (a) => a.phone);
  for (const phone of eligible) {
    const mine = byPhone.get(phone) ?? [];
    expect(mine.map((a) => a.disposition), phone).toEqual(Array(expectedAttempts(phone)).fill(outcomeOf(phone)));
  }
  for (const [phone, all] of Map.groupBy(attempts, (a) => a.phone)) {
    expect(all.map((a) => a.attempt_no), phone).toEqual(all.map((_, i) => i + 1));
    for (const [a, b] of all.slice(1).map((b, i) => [all[i]!, b] as const)) expect(b.leased_at >= a.ended_at!, `${phone}: attempt ${b.attempt_no} leased before ${a.attempt_no} ended`).toBe(true);
  }
  expect(attempts.filter((a) => ineligible.includes(a.phone))).toEqual([]);
  expect(attempts.filter((a) => !a.ended_at)).toEqual([]);
  return attempts;
}

/**
 * The manager's stop once nothing is left to dial tonight (no lead eligible, held or waiting out a back-off; the
 * out-of-window ones would wait for their morning): the PCs hear 'stopped' and end, as at a stop time.
 */
async function stopWhenWorked(id: number): Promise<void> {
  await expect
    .poll(async () => {
      const { leads, skipped } = await campaignReport(manager, id);
      return leads.eligibleNow + leads.leasedNow + (skipped.retry_later ?? 0);
    }, { timeout: 50_000, interval: 200 })
    .toBe(0);
  await setCampaignState(manager, id, 'stopped');
}

/** A PC in this process: its own connection and login, leasing until the campaign is finished or stopped. */
async function workInProcess(target: TeamTarget, id: number, o: { callMs?: number; onFinish?: () => Promise<void> | void } = {}): Promise<number> {
  const client = await server.connect(target);
  const leases = new TeamLeases({ client, campaignId: id, leaseSeconds: 30, pollMs: 50 });
  let finished = 0;
  for (let lead = await leases.take(); lead; lead = await leases.take()) {
    if ((await leases.dial(lead)) !== 'dial') continue;
    if (o.callMs) await sleep(o.callMs);
    await leases.finish(lead, outcomeOf(lead.phone));
    finished++;
    await o.onFinish?.();
  }
  return finished;
}

/** A PC as its own process (test/team/fixtures/lease-worker.ts), its JSON lines collected as they come. */
function workerProcess(target: TeamTarget, id: number, o: { leaseSeconds?: number; callMs?: number; pollMs?: number } = {}) {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'fixtures/lease-worker.ts'), formatTeamUrl(target), String(id), JSON.stringify(o)], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on('line', (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return { child, lines, exited };
}

describe('a shared campaign worked by several PCs', () => {
  it('three connections as three reps: every eligible lead exactly one outcome per attempt, no ineligible lead leased', { timeout: 60_000 }, async () => {
    const { id, eligible, ineligible } = await campaign300('connections');
    await setCampaignState(manager, id, 'running');
    const [counts] = await Promise.all([Promise.all(reps.map((r) => workInProcess(logins[r], id))), stopWhenWorked(id)]);
    expect(counts.reduce((a, b) => a + b)).toBe(eligible.reduce((n, p) => n + expectedAttempts(p), 0));
    // Each PC took a share: SKIP LOCKED spreads the list, nobody waits on another's lead.
    expect(Math.min(...counts)).toBeGreaterThan(0);
    await expectWorkedOnce(id, eligible, ineligible);
    const report = await campaignReport(manager, id);
    expect(report.skipped).toEqual({ do_not_call: 20, outside_window: 20, no_consent: 20, max_attempts: 72 });
    expect(report.totals).toMatchObject({ dialled: 312, answered: 168, abandoned: 0, onLine: 0, dispositions: { busy: 48, no_answer: 48, voicemail: 48, not_interested: 168 } });
    expect(report.pcs.map((p) => p.rep)).toEqual(['cc_ann', 'cc_bob', 'cc_cat']);
  });

  it('three processes: the same, each dial once, from its own process', async () => {
    const { id, eligible, ineligible } = await campaign300('processes');
    const workers = reps.map((r) => workerProcess(logins[r], id, { callMs: 2 }));
    await expect.poll(() => workers.every((w) => w.lines.some((l) => l.t === 'ready')), { timeout: 20_000 }).toBe(true);
    await setCampaignState(manager, id, 'running');
    await stopWhenWorked(id);
    for (const w of workers) expect(await w.exited).toMatchObject({ code: 0 });
    const attempts = await expectWorkedOnce(id, eligible, ineligible);
    const dials = workers.flatMap((w) => w.lines.filter((l) => l.t === 'dial').map((l) => l.attempt));
    expect(new Set(dials).size).toBe(dials.length);
    expect(dials.length).toBe(attempts.filter((a) => a.dialled_at).length);
    expect(workers.every((w) => w.lines.filter((l) => l.t === 'dial').length > 0)).toBe(true);
  }, 60_000);

  it('a PC killed with SIGKILL holding a dialled lease: after expiry the others finish its leads, its attempt counted once', async () => {
    const { id, eligible, ineligible } = await campaign300('sigkill');
    const leaseSeconds = 2;
    // The one to be killed makes long calls, so it is killed on one.
    const workers = reps.map((r, i) => workerProcess(logins[r], id, { callMs: i ? 20 : 400, leaseSeconds, pollMs: 100 }));
    await expect.poll(() => workers.every((w) => w.lines.some((l) => l.t === 'ready')), { timeout: 20_000 }).toBe(true);
    await setCampaignState(manager, id, 'running');
    const victim = workers[0]!;
    // Mid-campaign, while it is on a call: its last line is a dial (the lease is held and dialled).
    await expect.poll(() => victim.lines.filter((l) => l.t === 'dial').length >= 3 && victim.lines.at(-1)!.t === 'dial', { timeout: 20_000, interval: 5 }).toBe(true);
    victim.child.kill('SIGKILL');
    const held = victim.lines.at(-1)!;
    expect((await victim.exited).signal).toBe('SIGKILL');
    await stopWhenWorked(id);
    for (const w of workers.slice(1)) expect(await w.exited).toMatchObject({ code: 0 });
    const attempts = await attemptsOf(manager, id);
    const dead = attempts.filter((a) => a.rep === 'cc_ann' && a.disposition === 'lease_expired');
    expect(dead.map((a) => a.phone)).toEqual([held.phone]);
    expect(dead[0]!.ended_at!.getTime() - dead[0]!.leased_at.getTime()).toBeGreaterThanOrEqual(leaseSeconds * 1000);
    // The dropped call counts as one of the lead's two attempts: its first (another PC then made the second), or its
    // second when the lead had been tried once already (a retried outcome) and the killed PC leased the retry.
    const phone = held.phone as string;
    const lost = dead[0]!.attempt_no;
    const expected = [1, 2].map((n) => [n, n === lost ? 'lease_expired' : outcomeOf(phone)]);
    expect(attempts.filter((a) => a.phone === phone).map((a) => [a.attempt_no, a.disposition])).toEqual(expected);
    const { rows } = await manager.query('SELECT attempts, leased_attempt FROM callcue.campaign_leads WHERE campaign_id = $1 AND phone = $2', [id, phone]);
    expect(rows).toEqual([{ attempts: 2, leased_attempt: null }]);
    // Everything else as in a run nobody killed.
    const others = eligible.filter((p) => p !== phone);
    const finished = (await attemptsOf(manager, id)).filter((a) => a.dialled_at && a.disposition !== 'lease_expired');
    for (const p of others) expect(finished.filter((a) => a.phone === p).length, p).toBe(expectedAttempts(p));
    expect(attempts.filter((a) => ineligible.includes(a.phone))).toEqual([]);
    expect(attempts.filter((a) => !a.ended_at)).toEqual([]);
  }, 60_000);

  it('an opt-out taken on one PC mid-campaign is never dialled by any PC after its commit', async () => {
    const { id, eligible, ineligible } = await campaign300('opt-out');
    await setCampaignState(manager, id, 'running');
    const ann = await server.connect(logins.ann);
    let optOut: { phones: string[]; committedBy: string } | undefined;
    let done = 0;
    const takeOptOut = async () => {
      if (++done !== 40) return;
      // Numbers no PC has reached yet, and some being leased at this very moment: all 20 go on the list in one commit.
      const { rows } = await manager.query<{ phone: string }>('SELECT phone FROM callcue.campaign_leads WHERE campaign_id = $1 AND leases = 0 AND phone = ANY($2::text[]) ORDER BY id LIMIT 20', [id, eligible]);
      await ann.query('BEGIN');
      await ann.query("INSERT INTO callcue.dnc (phone, source) SELECT unnest($1::text[]), 'opt_out_speech'", [rows.map((r) => r.phone)]);
      await ann.query('COMMIT');
      // The server's clock, read after the commit returned: every lease or dial that starts later must see the entry.
      const { rows: [now] } = await ann.query<{ t: string }>('SELECT clock_timestamp()::text AS t');
      optOut = { phones: rows.map((r) => r.phone), committedBy: now!.t };
    };
    await Promise.all([...reps.map((r, i) => workInProcess(logins[r], id, { callMs: 1, onFinish: i === 0 ? takeOptOut : undefined })), stopWhenWorked(id)]);
    expect(optOut?.phones).toHaveLength(20);
    // Compared in the database, to the microsecond (a JavaScript Date keeps milliseconds).
    const { rows: later } = await manager.query(
      `SELECT l.phone, a.leased_at >= $3::timestamptz AS leased_after, a.dialled_at >= $3::timestamptz AS dialled_after FROM callcue.campaign_attempts a JOIN callcue.campaign_leads l ON l.id = a.lead_id
       WHERE a.campaign_id = $1 AND l.phone = ANY($2::text[]) AND (a.leased_at >= $3::timestamptz OR a.dialled_at >= $3::timestamptz)`,
      [id, optOut!.phones, optOut!.committedBy],
    );
    expect(later).toEqual([]);
    const onList = (await attemptsOf(manager, id)).filter((a) => optOut!.phones.includes(a.phone));
    await expectWorkedOnce(id, eligible.filter((p) => !optOut!.phones.includes(p)), [...ineligible]);
    expect((await campaignReport(manager, id)).skipped.do_not_call).toBeGreaterThanOrEqual(20 + optOut!.phones.length - onList.length);
  }, 60_000);

  it("abandonment above the limit on one PC's calls pauses the campaign for every PC, and tells them at once", async () => {
    const { id } = await campaign300('abandonment');
    await setCampaignState(manager, id, 'running');
    const pcs = await Promise.all(reps.map(async (r) => new TeamLeases({ client: await server.connect(logins[r]), campaignId: id, pollMs: 50 })));
    const [ann, bob, cat] = pcs as [TeamLeases, TeamLeases, TeamLeases];
    const heard: { id: number; state: string; reason: string }[] = [];
    const listener = await server.connect(logins.cat);
    listener.on('notification', (n) => heard.push(JSON.parse(n.payload!)));
    await listener.query('LISTEN callcue_campaign');
    /** One answered call on `pc`: not interested, abandoned or not. */
    const answered = async (pc: TeamLeases, abandoned: boolean) => {
      const lead = await pc.take();
      expect(await pc.dial(lead!)).toBe('dial');
      return pc.finish(lead!, 'not_interested', { abandoned });
    };
    for (let i = 0; i < 40; i++) expect(await answered(i % 2 ? bob : cat, false)).toBe('running');
    // 1 of 41 answered (2.4%): within 3%. The second (2 of 42, 4.8%) is over: paused for everyone.
    expect(await answered(ann, true)).toBe('running');
    const holding = (await bob.take())!;
    expect(await answered(ann, true)).toBe('paused');
    expect(await bob.dial(holding)).toBe('paused');
    expect(await cat.next()).toEqual({ status: 'paused' });
    await expect.poll(() => heard).toEqual([{ id, state: 'paused', reason: 'abandonment' }]);
    const report = await campaignReport(manager, id);
    expect(report.campaign).toMatchObject({ state: 'paused', stateReason: 'abandonment', stateChangedBy: 'cc_ann' });
    expect(report.totals).toMatchObject({ answered: 42, abandoned: 2 });
    expect(report.totals.abandonRate).toBeCloseTo(2 / 42);
    expect(report.pcs.find((p) => p.rep === 'cc_ann')).toMatchObject({ answered: 2, abandoned: 2 });
  }, 60_000);
});

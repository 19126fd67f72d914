import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, migrateTeam, type TeamClient } from '../../main/team/index.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';
import { zoneAt } from '../helpers/zones.ts';

/**
 * Shared campaigns in the team store, proved with real logins: a manager sets one up, reps' PCs lease, dial and
 * finish through the functions only, and the database decides eligibility at lease time.
 */
let server: TestTeamServer;
const as: Record<'max' | 'ann' | 'bob' | 'cat', TeamClient> = {} as never;
let campaign: number;

const lease = async (who: TeamClient, id = campaign, seconds = 30) => (await who.query('SELECT status, attempt_id, attempt_no, phone FROM callcue.lease_lead($1, $2)', [id, seconds])).rows[0];
const one = async (who: TeamClient, sql: string, params: unknown[] = []) => Object.values((await who.query(sql, params)).rows[0] ?? {})[0];
const addLead = (phone: string, zone: string, consent: [string | null, string | null] = ['web form', '2026-01-01'], id = campaign) =>
  as.max.query('INSERT INTO callcue.campaign_leads (campaign_id, line, phone, time_zone, language, consent_source, consent_date) VALUES ($1, 2, $2, $3, $4, $5, $6)', [id, phone, zone, 'en', ...consent]);

async function newCampaign(name: string): Promise<number> {
  const id = Number(await one(as.max, "INSERT INTO callcue.campaigns (name, plugin) VALUES ($1, 'insurance') RETURNING id", [name]));
  await as.max.query("INSERT INTO callcue.campaign_windows (campaign_id, region, starts, ends) VALUES ($1, '', '08:00', '21:00')", [id]);
  await as.max.query("INSERT INTO callcue.campaign_pcs (campaign_id, rep) VALUES ($1, 'cc_ann'), ($1, 'cc_bob')", [id]);
  return id;
}

beforeAll(async () => {
  server = await startTestTeamServer();
  const admin = await server.connect();
  await migrateTeam(admin, { to: 3 });
  await admin.query("INSERT INTO callcue.reps (role_name, display_name) VALUES ('cc_old', 'Old')");
  await admin.query("INSERT INTO callcue.campaigns (name, plugin, state, created_by) VALUES ('from before', 'insurance', 'running_somehow', 'cc_old')");
  expect(await migrateTeam(admin, { to: 4 })).toEqual({ from: 3, to: 4 });
  for (const [name, manager] of [['max', true], ['ann', false], ['bob', false], ['cat', false]] as const) {
    const { role, password } = await addMember(admin, { name, manager });
    as[name] = await server.connect({ user: role, password });
  }
  campaign = await newCampaign('spring');
});

afterAll(async () => {
  await server?.stop();
});

describe('migration 004: shared campaigns', () => {
  it('keeps the stub campaigns, with a known state and the default rules', async () => {
    expect((await as.max.query("SELECT state, max_attempts, abandon_limit::float AS abandon_limit FROM callcue.campaigns WHERE name = 'from before'")).rows).toEqual([{ state: 'idle', max_attempts: 3, abandon_limit: 0.03 }]);
  });

  it('a manager sets a campaign up; reps cannot, and nobody changes its state but through set_campaign_state', async () => {
    await addLead('+14155550100', zoneAt(12));
    await expect(addLead('+14155550101', 'Mars/Olympus')).rejects.toThrow(/campaign_leads_time_zone_check/);
    await expect(addLead('14155550101', zoneAt(12))).rejects.toThrow(/campaign_leads_phone_check/);
    await expect(addLead('+14155550100', zoneAt(12))).rejects.toThrow(/duplicate key/);
    // A lead cannot arrive already worked.
    await expect(as.max.query("INSERT INTO callcue.campaign_leads (campaign_id, line, phone, time_zone, language, attempts) VALUES ($1, 3, '+14155550102', 'UTC', 'en', 3)", [campaign])).rejects.toThrow(/row-level security/);
    await expect(as.max.query("INSERT INTO callcue.campaign_windows (campaign_id, region, starts, ends) VALUES ($1, 'CN', '21:00', '08:00')", [campaign])).rejects.toThrow(/check constraint/);
    await expect(as.max.query("UPDATE callcue.campaigns SET state = 'running' WHERE id = $1", [campaign])).rejects.toThrow(/permission denied/);
    await expect(as.max.query('UPDATE callcue.campaigns SET abandon_limit = 0.05 WHERE id = $1', [campaign])).rejects.toThrow(/check constraint/);

    await expect(as.ann.query("INSERT INTO callcue.campaigns (name, plugin) VALUES ('mine', 'insurance')")).rejects.toThrow(/permission denied/);
    await expect(as.ann.query('SELECT * FROM callcue.campaign_leads')).rejects.toThrow(/permission denied/);
    await expect(as.ann.query("INSERT INTO callcue.campaign_pcs (campaign_id, rep) VALUES ($1, 'cc_cat')", [campaign])).rejects.toThrow(/permission denied/);
    await expect(as.ann.query("SELECT callcue.set_campaign_state($1, 'running')", [campaign])).rejects.toThrow(/permission denied for function/);
    expect((await as.ann.query('SELECT rep FROM callcue.campaign_pcs')).rows).toEqual([{ rep: 'cc_ann' }]);

    expect(await lease(as.ann)).toMatchObject({ status: 'idle', attempt_id: null });
    expect(await one(as.max, "SELECT callcue.set_campaign_state($1, 'running')", [campaign])).toBe('running');
    expect((await as.max.query('SELECT state, state_reason, state_changed_by FROM callcue.campaigns WHERE id = $1', [campaign])).rows).toEqual([{ state: 'running', state_reason: 'operator', state_changed_by: 'cc_max' }]);
  });

  it('a PC leases only on a campaign it is allowed on, one lead per attempt, and touches only its own attempts', async () => {
    await expect(lease(as.cat)).rejects.toThrow(/not allowed on campaign/);
    await addLead('+14155550103', zoneAt(12));
    const a = await lease(as.ann);
    const b = await lease(as.bob);
    expect([a.status, b.status]).toEqual(['leased', 'leased']);
    expect(a.phone).not.toBe(b.phone);
    expect(await lease(as.bob)).toMatchObject({ status: 'waiting' });
    // Bob cannot dial, renew, finish or give back Ann's attempt, nor write attempts himself.
    for (const call of ['SELECT callcue.begin_dial($1)', 'SELECT * FROM callcue.renew_lease($1)', "SELECT callcue.finish_attempt($1, 'sale', false)", 'SELECT callcue.release_lease($1)']) {
      await expect(as.bob.query(call, [a.attempt_id]), call).rejects.toThrow(/not one of this login's/);
    }
    await expect(as.bob.query("UPDATE callcue.campaign_attempts SET disposition = 'sale'")).rejects.toThrow(/permission denied/);
    await expect(as.bob.query('INSERT INTO callcue.campaign_attempts (campaign_id, lead_id, attempt_no, rep, lease_seconds, leased_at, lease_expires_at) VALUES ($1, 1, 9, $2, 5, now(), now())', [campaign, 'cc_bob'])).rejects.toThrow(/permission denied/);
    expect((await as.bob.query('SELECT rep FROM callcue.campaign_attempts')).rows).toEqual([{ rep: 'cc_bob' }]);
    expect(await one(as.ann, 'SELECT callcue.begin_dial($1)', [a.attempt_id])).toBe('dial');
    expect(await one(as.ann, "SELECT callcue.finish_attempt($1, 'sale', false, 'call-1')", [a.attempt_id])).toBe('running');
    await expect(as.ann.query("SELECT callcue.finish_attempt($1, 'busy', false)", [a.attempt_id])).rejects.toThrow(/already finished/);
    await expect(as.bob.query("SELECT callcue.finish_attempt($1, 'the customer said no', false)", [b.attempt_id])).rejects.toThrow(/unknown disposition/);
    expect(await one(as.bob, 'SELECT callcue.release_lease($1)', [b.attempt_id])).toBe(true);
    // Given back undialled: leased again at once, not counted as an attempt.
    const again = await lease(as.bob);
    expect(again).toMatchObject({ status: 'leased', phone: b.phone, attempt_no: 2 });
    expect(await one(as.bob, "SELECT callcue.finish_attempt($1, 'not_interested', false)", [again.attempt_id])).toBe('running');
    expect((await as.max.query('SELECT phone, attempts, leases, done, last_disposition FROM callcue.campaign_leads WHERE campaign_id = $1 ORDER BY phone', [campaign])).rows).toEqual([
      { phone: '+14155550100', attempts: 1, leases: 1, done: true, last_disposition: a.phone === '+14155550100' ? 'sale' : 'not_interested' },
      { phone: '+14155550103', attempts: 1, leases: a.phone === '+14155550103' ? 1 : 2, done: true, last_disposition: a.phone === '+14155550103' ? 'sale' : 'not_interested' },
    ]);
    expect(await lease(as.ann)).toMatchObject({ status: 'finished' });
  });

  it('decides eligibility at lease time: consent, do-not-call, the window in the callee\'s zone (by region), attempts, back-off', async () => {
    const id = await newCampaign('rules');
    await as.max.query("INSERT INTO callcue.campaign_windows (campaign_id, region, starts, ends) VALUES ($1, 'GB', '00:00', '00:01')", [id]);
    await as.max.query("INSERT INTO callcue.campaign_backoff (campaign_id, disposition, minutes) VALUES ($1, 'busy', 30), ($1, 'no_answer', 0)", [id]);
    await as.max.query('UPDATE callcue.campaigns SET max_attempts = 2 WHERE id = $1', [id]);
    await addLead('+442071234560', zoneAt(12), undefined, id);
    await as.max.query("INSERT INTO callcue.campaign_leads (campaign_id, line, phone, time_zone, region, language, consent_source, consent_date) VALUES ($1, 3, '+442071234561', $2, 'GB', 'en', 'web', '2026-01-01')", [id, zoneAt(12)]);
    await addLead('+14155550110', zoneAt(12), [null, null], id);
    await addLead('+14155550111', zoneAt(12), ['web form', '2999-01-01'], id);
    await addLead('+14155550112', zoneAt(12), undefined, id);
    await as.ann.query("INSERT INTO callcue.dnc (phone, source) VALUES ('+14155550112', 'manual')");
    await addLead('+14155550113', zoneAt(3), undefined, id);
    await addLead('+14155550114', zoneAt(12), undefined, id);
    await addLead('+14155550115', zoneAt(12), undefined, id);
    await as.max.query("SELECT callcue.set_campaign_state($1, 'running')", [id]);
    const blocks = async () => Object.fromEntries((await as.max.query('SELECT l.phone, callcue.lead_block(l, c) AS why FROM callcue.campaign_leads l JOIN callcue.campaigns c ON c.id = l.campaign_id WHERE c.id = $1', [id])).rows.map((r) => [r.phone, r.why]));
    expect(await blocks()).toEqual({
      '+442071234560': null,
      '+442071234561': 'outside_window',
      '+14155550110': 'no_consent',
      '+14155550111': 'no_consent',
      '+14155550112': 'do_not_call',
      '+14155550113': 'outside_window',
      '+14155550114': null,
      '+14155550115': null,
    });
    const leased = [await lease(as.ann, id), await lease(as.ann, id), await lease(as.ann, id)];
    expect(leased.map((l) => l.phone).sort()).toEqual(['+14155550114', '+14155550115', '+442071234560']);
    expect(await lease(as.bob, id)).toMatchObject({ status: 'waiting' });
    const [busy, noAnswer, done] = leased;
    for (const [{ attempt_id }, disposition] of [[busy, 'busy'], [noAnswer, 'no_answer'], [done, 'not_interested']]) {
      await as.ann.query('SELECT callcue.begin_dial($1)', [attempt_id]);
      await as.ann.query('SELECT callcue.finish_attempt($1, $2, false)', [attempt_id, disposition]);
    }
    await expect(as.max.query("UPDATE callcue.campaign_leads SET attempts = 0 WHERE campaign_id = $1", [id])).rejects.toThrow(/permission denied/);
    // Busy waits its 30 minutes; no answer (0 minutes) goes again, once more: then it has had its two attempts.
    const retry = await lease(as.ann, id);
    expect(retry).toMatchObject({ status: 'leased', phone: noAnswer.phone, attempt_no: 2 });
    await as.ann.query('SELECT callcue.begin_dial($1)', [retry.attempt_id]);
    await as.ann.query("SELECT callcue.finish_attempt($1, 'no_answer', false)", [retry.attempt_id]);
    const after = await blocks();
    expect([after[busy.phone], after[noAnswer.phone], after[done.phone]]).toEqual(['retry_later', 'max_attempts', 'finished']);
    // Nothing eligible now, but the busy lead and the out-of-window ones may be later.
    expect(await lease(as.bob, id)).toMatchObject({ status: 'waiting' });
  });

  it('a lease that runs out is closed by the next lease: the lead goes back, counted only if it was dialled; a late outcome is kept', async () => {
    const id = await newCampaign('expiry');
    await as.max.query("INSERT INTO callcue.campaign_backoff (campaign_id, disposition, minutes) VALUES ($1, 'lease_expired', 0)", [id]);
    await addLead('+14155550120', zoneAt(12), undefined, id);
    await addLead('+14155550121', zoneAt(12), undefined, id);
    await as.max.query("SELECT callcue.set_campaign_state($1, 'running')", [id]);
    const dialled = await lease(as.ann, id, 1);
    const undialled = await lease(as.ann, id, 1);
    await as.ann.query('SELECT callcue.begin_dial($1)', [dialled.attempt_id]);
    await sleep(1200);
    const takenOver = [await lease(as.bob, id), await lease(as.bob, id)];
    expect(takenOver.map((l) => [l.phone, l.attempt_no]).sort()).toEqual([[dialled.phone, 2], [undialled.phone, 2]].sort());
    expect((await as.max.query("SELECT a.disposition, a.dialled_at IS NOT NULL AS dialled, a.ended_at = a.lease_expires_at AS at_expiry FROM callcue.campaign_attempts a WHERE a.rep = 'cc_ann' AND a.campaign_id = $1 ORDER BY a.id", [id])).rows).toEqual([
      { disposition: 'lease_expired', dialled: true, at_expiry: true },
      { disposition: 'lease_expired', dialled: false, at_expiry: true },
    ]);
    expect((await as.max.query('SELECT phone, attempts, leases FROM callcue.campaign_leads WHERE campaign_id = $1 ORDER BY phone', [id])).rows).toEqual([
      { phone: '+14155550120', attempts: dialled.phone === '+14155550120' ? 1 : 0, leases: 2 },
      { phone: '+14155550121', attempts: dialled.phone === '+14155550121' ? 1 : 0, leases: 2 },
    ]);
    // Ann's PC was only slow: its renewal says the lease is gone; its outcome, when it comes, is recorded on its attempt.
    expect((await as.ann.query('SELECT expires_at, campaign_state FROM callcue.renew_lease($1)', [dialled.attempt_id])).rows).toEqual([{ expires_at: null, campaign_state: 'running' }]);
    expect(await one(as.ann, 'SELECT callcue.begin_dial($1)', [undialled.attempt_id])).toBe('lease_lost');
    await as.ann.query("SELECT callcue.finish_attempt($1, 'no_answer', false)", [dialled.attempt_id]);
    expect(await one(as.max, 'SELECT disposition FROM callcue.campaign_attempts WHERE id = $1', [dialled.attempt_id])).toBe('no_answer');
    // A renewed lease does not run out.
    const held = takenOver[0]!;
    for (let i = 0; i < 3; i++) {
      await sleep(500);
      expect(await one(as.bob, 'SELECT expires_at FROM callcue.renew_lease($1)', [held.attempt_id])).toBeInstanceOf(Date);
    }
    await as.ann.query('SELECT callcue.reap_leases($1)', [id]);
    expect(await one(as.bob, 'SELECT callcue.begin_dial($1)', [held.attempt_id])).toBe('dial');
  });

  it('checks the do-not-call list and the campaign again at the dial; a pause and a stop time reach every PC', async () => {
    const id = await newCampaign('dial check');
    for (const n of [130, 131, 132]) await addLead(`+14155550${n}`, zoneAt(12), undefined, id);
    await as.max.query("SELECT callcue.set_campaign_state($1, 'running')", [id]);
    const a = await lease(as.ann, id);
    await as.bob.query("INSERT INTO callcue.dnc (phone, source) VALUES ($1, 'opt_out_speech')", [a.phone]);
    expect(await one(as.ann, 'SELECT callcue.begin_dial($1)', [a.attempt_id])).toBe('do_not_call');
    expect(await one(as.max, 'SELECT disposition FROM callcue.campaign_attempts WHERE id = $1', [a.attempt_id])).toBe('not_dialled');
    const b = await lease(as.ann, id);
    expect(b.phone).not.toBe(a.phone);
    await as.max.query("SELECT callcue.set_campaign_state($1, 'paused')", [id]);
    expect(await one(as.ann, 'SELECT callcue.begin_dial($1)', [b.attempt_id])).toBe('paused');
    expect(await lease(as.bob, id)).toMatchObject({ status: 'paused' });
    await as.max.query("SELECT callcue.set_campaign_state($1, 'running')", [id]);
    await as.max.query("UPDATE callcue.campaigns SET stop_at = now() - interval '1 second' WHERE id = $1", [id]);
    expect(await lease(as.bob, id)).toMatchObject({ status: 'stopped' });
    expect((await as.max.query('SELECT state, state_reason FROM callcue.campaigns WHERE id = $1', [id])).rows).toEqual([{ state: 'stopped', state_reason: 'stop_time' }]);
    await expect(as.max.query("SELECT callcue.set_campaign_state($1, 'running')", [id])).rejects.toThrow(/stopped for good/);
    const leasedAfterOptOut = await one(as.max, 'SELECT count(*)::int FROM callcue.campaign_attempts a JOIN callcue.campaign_leads l ON l.id = a.lead_id WHERE l.phone = $1 AND a.id > $2', [a.phone, a.attempt_id]);
    expect(leasedAfterOptOut).toBe(0);
  });

  it('has no column for words: every free-text column of the campaign tables is bounded', async () => {
    const { rows } = await as.max.query<{ name: string }>(
      `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
       WHERE table_schema = 'callcue' AND table_name LIKE 'campaign%' AND data_type IN ('text', 'character varying', 'bytea', 'json', 'jsonb') AND domain_name IS NULL ORDER BY 1`,
    );
    // Logins, E.164 numbers, zones, region codes, the campaign's name and the consent record's source: no transcript.
    expect(rows.map((r) => r.name)).toEqual([
      'campaign_attempts.call_local_id', 'campaign_attempts.rep', 'campaign_leads.consent_source', 'campaign_leads.imported_by', 'campaign_leads.language',
      'campaign_leads.phone', 'campaign_leads.region', 'campaign_leads.time_zone', 'campaign_pcs.added_by', 'campaign_pcs.rep', 'campaign_windows.region',
      'campaigns.created_by', 'campaigns.language', 'campaigns.name', 'campaigns.state_changed_by',
    ]);
  });
});

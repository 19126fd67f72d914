import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, migrateTeam, removeMember, type TeamClient } from '../../main/team/index.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';

/**
 * Roles and row-level security, proved with real logins: two reps and a manager each connect as themselves and
 * try what their PC's SQL (or a curious rep's hand-written SQL) could.
 */
let server: TestTeamServer;
let admin: TeamClient;
const as: Record<'ann' | 'bob' | 'max', TeamClient> = {} as never;

const call = (id: string) => ["INSERT INTO callcue.calls (local_id, started_at, mode, plugin, language) VALUES ($1, now(), 'assist', 'insurance', 'en')", [id]] as [string, string[]];

beforeAll(async () => {
  server = await startTestTeamServer();
  admin = await server.connect();
  expect(await migrateTeam(admin, { to: 1 })).toEqual({ from: 0, to: 1 });
  expect(await migrateTeam(admin, { to: 2 })).toEqual({ from: 1, to: 2 });
  for (const [name, manager] of [['ann', false], ['bob', false], ['max', true]] as const) {
    const { role, password } = await addMember(admin, { name, manager, display: name.toUpperCase() });
    as[name] = await server.connect({ user: role, password });
  }
  for (const id of ['a1', 'a2']) await as.ann.query(...call(id));
  await as.bob.query(...call('b1'));
  await as.ann.query("INSERT INTO callcue.turns (local_id, call_local_id, channel, start_ms, end_ms, intent) VALUES (1, 'a1', 'customer', 0, 900, 'price_objection')");
});

afterAll(async () => {
  await server?.stop();
});

describe('migration 002: roles and row-level security', () => {
  it('a rep reads and writes only their own calls and turns', async () => {
    expect((await as.ann.query('SELECT rep, local_id FROM callcue.calls ORDER BY local_id')).rows).toEqual([
      { rep: 'cc_ann', local_id: 'a1' },
      { rep: 'cc_ann', local_id: 'a2' },
    ]);
    expect((await as.bob.query('SELECT local_id FROM callcue.calls')).rows).toEqual([{ local_id: 'b1' }]);
    expect((await as.bob.query('SELECT * FROM callcue.turns')).rowCount).toBe(0);
    // Crafted: naming the other rep's rows outright still finds nothing to read or change.
    expect((await as.bob.query("SELECT * FROM callcue.calls WHERE rep = 'cc_ann'")).rowCount).toBe(0);
    expect((await as.bob.query("UPDATE callcue.calls SET outcome = 'sale' WHERE rep = 'cc_ann'")).rowCount).toBe(0);
    expect((await as.bob.query("UPDATE callcue.calls SET rep = 'cc_bob' WHERE local_id = 'a1'")).rowCount).toBe(0);
    // Writing a row in another rep's name, or moving one's own row to them, is refused.
    await expect(as.bob.query("INSERT INTO callcue.calls (rep, local_id, started_at, mode, plugin, language) VALUES ('cc_ann', 'x', now(), 'assist', 'insurance', 'en')")).rejects.toThrow(/row-level security/);
    await expect(as.bob.query("UPDATE callcue.calls SET rep = 'cc_ann' WHERE local_id = 'b1'")).rejects.toThrow(/row-level security/);
    await expect(as.bob.query("INSERT INTO callcue.turns (local_id, call_local_id, channel, start_ms, end_ms) VALUES (9, 'a1', 'rep', 0, 1)")).rejects.toThrow(/foreign key/);
    await expect(as.bob.query('DELETE FROM callcue.calls')).rejects.toThrow(/permission denied/);
    // Nor can a rep become someone else, or the group role itself, to get round the policies.
    await expect(as.bob.query('SET ROLE cc_ann')).rejects.toThrow(/permission denied/);
    await expect(as.bob.query('SET ROLE callcue_manager')).rejects.toThrow(/permission denied/);
    expect((await admin.query("SELECT count(*)::int AS n FROM callcue.calls WHERE rep = 'cc_ann' AND outcome = 'in_progress'")).rows).toEqual([{ n: 2 }]);
  });

  it('pushing a call again is an update of the same row (upsert keyed by rep and local id)', async () => {
    const upsert = "INSERT INTO callcue.calls (local_id, started_at, mode, plugin, language, outcome) VALUES ('b2', now(), 'auto', 'insurance', 'en', $1) ON CONFLICT (rep, local_id) DO UPDATE SET outcome = excluded.outcome";
    await as.bob.query(upsert, ['in_progress']);
    await as.bob.query(upsert, ['callback']);
    expect((await as.bob.query("SELECT outcome FROM callcue.calls WHERE local_id = 'b2'")).rows).toEqual([{ outcome: 'callback' }]);
  });

  it("a manager reads the whole team's calls and people but cannot write in a rep's name", async () => {
    expect((await as.max.query('SELECT local_id FROM callcue.calls ORDER BY local_id')).rows.map((r) => r.local_id)).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect((await as.max.query('SELECT count(*)::int AS n FROM callcue.turns')).rows).toEqual([{ n: 1 }]);
    expect((await as.max.query("UPDATE callcue.calls SET outcome = 'sale' WHERE rep = 'cc_ann'")).rowCount).toBe(0);
    expect((await as.max.query('SELECT role_name, is_manager FROM callcue.reps ORDER BY role_name')).rows).toEqual([
      { role_name: 'cc_ann', is_manager: false },
      { role_name: 'cc_bob', is_manager: false },
      { role_name: 'cc_max', is_manager: true },
    ]);
    // A rep sees only their own row of the team.
    expect((await as.ann.query('SELECT role_name, display_name FROM callcue.reps')).rows).toEqual([{ role_name: 'cc_ann', display_name: 'ANN' }]);
  });

  it('everyone adds to the do-not-call list in their own name; only a manager removes, with an audit row', async () => {
    await as.ann.query("INSERT INTO callcue.dnc (phone, source, reason) VALUES ('+14155550100', 'opt_out_speech', NULL)");
    await as.bob.query("INSERT INTO callcue.dnc (phone, source) VALUES ('+14155550101', 'manual') ON CONFLICT DO NOTHING");
    await expect(as.bob.query("INSERT INTO callcue.dnc (phone, source, added_by) VALUES ('+14155550102', 'manual', 'cc_ann')")).rejects.toThrow(/row-level security/);
    expect((await as.bob.query('SELECT phone, added_by FROM callcue.dnc ORDER BY phone')).rows).toEqual([
      { phone: '+14155550100', added_by: 'cc_ann' },
      { phone: '+14155550101', added_by: 'cc_bob' },
    ]);
    // A rep cannot remove a number, directly or through the function, nor read or forge the audit.
    await expect(as.bob.query("DELETE FROM callcue.dnc WHERE phone = '+14155550100'")).rejects.toThrow(/permission denied/);
    await expect(as.bob.query("SELECT callcue.remove_dnc('+14155550100', 'mistake')")).rejects.toThrow(/permission denied/);
    await expect(as.bob.query('SELECT * FROM callcue.dnc_audit')).rejects.toThrow(/permission denied/);
    await expect(as.bob.query("INSERT INTO callcue.dnc_audit (phone, action, done_by, reason) VALUES ('+1', 'removed', 'x', 'y')")).rejects.toThrow(/permission denied/);
    // The manager removes one, with a reason: the audit says who, when and why, and keeps the entry as it was.
    await expect(as.max.query("SELECT callcue.remove_dnc('+14155550100', '  ')")).rejects.toThrow(/needs a reason/);
    await expect(as.max.query("DELETE FROM callcue.dnc WHERE phone = '+14155550100'")).rejects.toThrow(/permission denied/);
    expect((await as.max.query('SELECT callcue.remove_dnc($1, $2) AS removed', ['+14155550100', 'Customer asked to be called back (ticket 42)'])).rows).toEqual([{ removed: true }]);
    expect((await as.max.query('SELECT callcue.remove_dnc($1, $2) AS removed', ['+14155550100', 'again'])).rows).toEqual([{ removed: false }]);
    const audit = (await as.max.query('SELECT phone, action, done_by, reason, added_by, source, done_at > now() - interval \'1 minute\' AS recent FROM callcue.dnc_audit')).rows;
    expect(audit).toEqual([{ phone: '+14155550100', action: 'removed', done_by: 'cc_max', reason: 'Customer asked to be called back (ticket 42)', added_by: 'cc_ann', source: 'opt_out_speech', recent: true }]);
    // A removal by hand (the server's administrator) is audited too.
    await admin.query("DELETE FROM callcue.dnc WHERE phone = '+14155550101'");
    expect((await admin.query("SELECT done_by, reason FROM callcue.dnc_audit WHERE phone = '+14155550101'")).rows).toEqual([{ done_by: 'callcue_admin', reason: 'removed outside CallCue' }]);
  });

  it('a removed person can no longer connect and their open session ends; their calls stay', async () => {
    await removeMember(admin, 'bob');
    await expect(as.bob.query('SELECT 1')).rejects.toThrow();
    await expect(server.connect({ user: 'cc_bob', password: 'anything' })).rejects.toMatchObject({ code: 'team_auth_failed' });
    expect((await admin.query("SELECT count(*)::int AS n FROM callcue.calls WHERE rep = 'cc_bob'")).rows).toEqual([{ n: 2 }]);
    expect((await admin.query("SELECT removed_at IS NOT NULL AS removed FROM callcue.reps WHERE role_name = 'cc_bob'")).rows).toEqual([{ removed: true }]);
    // Added back, they get a new login; their history is theirs again.
    const { password } = await addMember(admin, { name: 'bob', manager: false });
    const back = await server.connect({ user: 'cc_bob', password });
    expect((await back.query('SELECT count(*)::int AS n FROM callcue.calls')).rows).toEqual([{ n: 2 }]);
    await expect(addMember(admin, { name: 'bob', manager: false })).rejects.toMatchObject({ code: 'team_member_exists' });
  });
});

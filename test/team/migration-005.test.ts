import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, migrateTeam, type TeamClient } from '../../main/team/index.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';

/** Removals from the do-not-call list reach every PC: notified at commit, and asked for by position; the audit stays the managers'. */
let server: TestTeamServer;
const as: Record<'ann' | 'bob' | 'max', TeamClient> = {} as never;

beforeAll(async () => {
  server = await startTestTeamServer();
  const admin = await server.connect();
  await migrateTeam(admin, { to: 4 });
  for (const [name, manager] of [['ann', false], ['bob', false], ['max', true]] as const) {
    const { role, password } = await addMember(admin, { name, manager });
    as[name] = await server.connect({ user: role, password });
  }
  // Removed before the migration: an audit row with a position already.
  await as.ann.query("INSERT INTO callcue.dnc (phone, source) VALUES ('+14155550100', 'manual'), ('+14155550101', 'manual'), ('+14155550102', 'manual')");
  await as.max.query("SELECT callcue.remove_dnc('+14155550100', 'asked to be called again')");
  expect(await migrateTeam(admin, { to: 5 })).toEqual({ from: 4, to: 5 });
});

afterAll(async () => {
  await server?.stop();
});

describe('migration 005: do-not-call removals for every PC', () => {
  it('notifies each removal at commit and lists removals since a position to any member, without who or why', async () => {
    const since = async (id: number) => (await as.bob.query<{ id: string; phone: string }>('SELECT id, phone FROM callcue.dnc_removed_since($1)', [id])).rows.map((r) => [Number(r.id), r.phone]);
    expect(await since(0)).toEqual([[1, '+14155550100']]);
    const heard: { id: number; phone: string }[] = [];
    as.bob.on('notification', (n) => n.channel === 'callcue_dnc_removed' && heard.push(JSON.parse(n.payload!)));
    await as.bob.query('LISTEN callcue_dnc_removed');
    await as.max.query('BEGIN');
    await as.max.query("SELECT callcue.remove_dnc('+14155550101', 'consent renewed')");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toEqual([]); // not before the commit
    await as.max.query('COMMIT');
    await expect.poll(() => heard).toEqual([{ id: 2, phone: '+14155550101' }]);
    expect(await since(1)).toEqual([[2, '+14155550101']]);
    // Listed again since: no longer a removal a PC should apply.
    await as.ann.query("INSERT INTO callcue.dnc (phone, source) VALUES ('+14155550100', 'opt_out_speech')");
    expect(await since(0)).toEqual([[2, '+14155550101']]);
    // A rep may neither read the audit nor remove.
    await expect(as.bob.query('SELECT * FROM callcue.dnc_audit')).rejects.toMatchObject({ code: '42501' });
    await expect(as.bob.query("SELECT callcue.remove_dnc('+14155550102', 'mine')")).rejects.toMatchObject({ code: '42501' });
    expect((await as.max.query('SELECT phone, done_by, reason FROM callcue.dnc_audit ORDER BY id')).rows).toEqual([
      { phone: '+14155550100', done_by: 'cc_max', reason: 'asked to be called again' },
      { phone: '+14155550101', done_by: 'cc_max', reason: 'consent renewed' },
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, migrateTeam, type TeamClient } from '../../main/team/index.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';

/** The do-not-call feed: a position per entry (also for entries made before it), and a notification at each commit. */
let server: TestTeamServer;
const as: Record<'ann' | 'bob', TeamClient> = {} as never;

beforeAll(async () => {
  server = await startTestTeamServer();
  const admin = await server.connect();
  await migrateTeam(admin, { to: 2 });
  for (const name of ['ann', 'bob'] as const) {
    const { role, password } = await addMember(admin, { name, manager: false });
    as[name] = await server.connect({ user: role, password });
  }
  await as.ann.query("INSERT INTO callcue.dnc (phone, source) VALUES ('+14155550100', 'manual')");
  expect(await migrateTeam(admin, { to: 3 })).toEqual({ from: 2, to: 3 });
});

afterAll(async () => {
  await server?.stop();
});

describe('migration 003: the do-not-call feed', () => {
  it('numbers entries made before it and notifies every listener of a new one at commit, once', async () => {
    expect((await as.bob.query('SELECT phone, seq::int FROM callcue.dnc')).rows).toEqual([{ phone: '+14155550100', seq: 1 }]);
    const heard: { seq: number; phone: string; source: string; addedAt: number }[] = [];
    as.bob.on('notification', (n) => heard.push(JSON.parse(n.payload!)));
    await as.bob.query('LISTEN callcue_dnc');
    await as.ann.query('BEGIN');
    await as.ann.query("INSERT INTO callcue.dnc (phone, source, added_at) VALUES ('+14155550101', 'opt_out_speech', to_timestamp(1700000000.5))");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toEqual([]); // not before the commit
    await as.ann.query('COMMIT');
    // Listed again (the sync's upsert): nothing new, nothing said.
    await as.ann.query("INSERT INTO callcue.dnc (phone, source) VALUES ('+14155550101', 'manual') ON CONFLICT (phone) DO NOTHING");
    await as.ann.query("INSERT INTO callcue.dnc (phone, source) VALUES ('+14155550102', 'manual')");
    await expect.poll(() => heard.length).toBe(2);
    expect(heard[0]).toEqual({ seq: 2, phone: '+14155550101', source: 'opt_out_speech', addedAt: 1_700_000_000_500 });
    // Positions only grow; they have gaps (the conflicting insert used one), so a watermark never counts on the next.
    expect(heard[1]).toMatchObject({ seq: 4, phone: '+14155550102' });
    // The position is the server's: nobody can set it.
    await expect(as.ann.query("INSERT INTO callcue.dnc (phone, source, seq) VALUES ('+14155550103', 'manual', 99)")).rejects.toThrow(/cannot insert a non-DEFAULT value into column "seq"/);
  });
});

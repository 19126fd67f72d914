import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, migrateTeam, type TeamClient } from '../../main/team/index.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';
import { zoneAt } from '../helpers/zones.ts';

/** Warm transfer's dispositions on a team campaign: accepted by finish_attempt, final, and counted as answered. */
let server: TestTeamServer;
let admin: TeamClient;
const as: Record<'max' | 'ann', TeamClient> = {} as never;
let campaign: number;

const one = async (who: TeamClient, sql: string, params: unknown[] = []) => Object.values((await who.query(sql, params)).rows[0] ?? {})[0];
/** Ann leases the next lead and dials it: its attempt's id. */
async function dialled(): Promise<number> {
  const { status, attempt_id } = (await as.ann.query('SELECT status, attempt_id FROM callcue.lease_lead($1, 30)', [campaign])).rows[0];
  expect(status).toBe('leased');
  expect(await one(as.ann, 'SELECT callcue.begin_dial($1)', [attempt_id])).toBe('dial');
  return Number(attempt_id);
}
const finish = (attempt: number, disposition: string) => one(as.ann, 'SELECT callcue.finish_attempt($1, $2, false)', [attempt, disposition]);

beforeAll(async () => {
  server = await startTestTeamServer();
  admin = await server.connect();
  await migrateTeam(admin, { to: 5 });
  for (const [name, manager] of [['max', true], ['ann', false]] as const) {
    const { role, password } = await addMember(admin, { name, manager });
    as[name] = await server.connect({ user: role, password });
  }
  campaign = Number(await one(as.max, "INSERT INTO callcue.campaigns (name, plugin) VALUES ('spring', 'insurance') RETURNING id"));
  await as.max.query("INSERT INTO callcue.campaign_windows (campaign_id, region, starts, ends) VALUES ($1, '', '00:00', '23:59')", [campaign]);
  await as.max.query("INSERT INTO callcue.campaign_pcs (campaign_id, rep) VALUES ($1, 'cc_ann')", [campaign]);
  for (const phone of ['+14155550100', '+14155550101', '+14155550102', '+14155550103'])
    await as.max.query("INSERT INTO callcue.campaign_leads (campaign_id, line, phone, time_zone, language, consent_source, consent_date) VALUES ($1, 2, $2, $3, 'en', 'web form', '2026-01-01')", [campaign, phone, zoneAt(12)]);
  await as.max.query("SELECT callcue.set_campaign_state($1, 'running')", [campaign]);
});

afterAll(async () => {
  await server?.stop();
});

describe('migration 006: transferred and transfer_failed on team campaigns', () => {
  it('before it, a transferred call could not be reported; after it, both are final and answered, and earlier attempts keep their counts', async () => {
    const sold = await dialled();
    expect(await finish(sold, 'sale')).toBe('running');
    const waiting = await dialled();
    await expect(finish(waiting, 'transferred')).rejects.toMatchObject({ code: '22023' });

    expect(await migrateTeam(admin, { to: 6 })).toEqual({ from: 5, to: 6 });
    expect(await finish(waiting, 'transferred')).toBe('running');
    expect(await finish(await dialled(), 'transfer_failed')).toBe('running');
    await expect(finish(await dialled(), 'transferred_somewhere')).rejects.toMatchObject({ code: '22023' });

    const rows = (await as.max.query('SELECT l.phone, l.done, a.disposition, a.answered FROM callcue.campaign_attempts a JOIN callcue.campaign_leads l ON l.id = a.lead_id ORDER BY a.id')).rows;
    expect(rows).toEqual([
      { phone: '+14155550100', done: true, disposition: 'sale', answered: true },
      { phone: '+14155550101', done: true, disposition: 'transferred', answered: true },
      { phone: '+14155550102', done: true, disposition: 'transfer_failed', answered: true },
      { phone: '+14155550103', done: false, disposition: null, answered: null },
    ]);
    // A rep still cannot write a disposition but through finish_attempt.
    await expect(as.ann.query("UPDATE callcue.campaign_attempts SET disposition = 'transferred'")).rejects.toThrow(/permission denied/);
    await expect(as.max.query("INSERT INTO callcue.campaign_backoff (campaign_id, disposition, minutes) VALUES ($1, 'transferred', 60)", [campaign])).rejects.toThrow(/check constraint/);
    // The abandonment rate still reads the rebuilt column (and its index).
    expect(await one(as.max, 'SELECT count(*)::int FROM callcue.campaign_attempts WHERE campaign_id = $1 AND (abandoned OR answered)', [campaign])).toBe(3);
  });
});

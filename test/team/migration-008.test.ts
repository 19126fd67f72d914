import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, migrateTeam, type TeamClient } from '../../main/team/index.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';
import { zoneAt } from '../helpers/zones.ts';

/**
 * The lease scan that passes over leads outside every open calling window with a plain comparison: the same leads,
 * in the same order, as lead_block alone allows (default and regional windows, a region's own window overriding the
 * campaign's), and none of the others.
 */
let server: TestTeamServer;
const as: Record<'max' | 'ann', TeamClient> = {} as never;
let campaign: number;

beforeAll(async () => {
  server = await startTestTeamServer();
  const admin = await server.connect();
  await migrateTeam(admin, { to: 7 });
  for (const [name, manager] of [['max', true], ['ann', false]] as const) {
    const { role, password } = await addMember(admin, { name, manager });
    as[name] = await server.connect({ user: role, password });
  }
  const { rows } = await as.max.query<{ id: number }>("INSERT INTO callcue.campaigns (name, plugin) VALUES ('spring', 'insurance') RETURNING id::int");
  campaign = rows[0]!.id;
  // The campaign's window 08:00-21:00 everywhere; region CN 09:00-10:00 (closed at noon); region US-CA 02:00-04:00 (open at 03:00).
  await as.max.query(
    "INSERT INTO callcue.campaign_windows (campaign_id, region, starts, ends) VALUES ($1, '', '08:00', '21:00'), ($1, 'CN', '09:00', '10:00'), ($1, 'US-CA', '02:00', '04:00')",
    [campaign],
  );
  await as.max.query("INSERT INTO callcue.campaign_pcs (campaign_id, rep) VALUES ($1, 'cc_ann')", [campaign]);
  const leads: [string, string, string | null][] = [
    ['+14155550100', zoneAt(3), null], // night: closed
    ['+14155550101', zoneAt(12), null], // noon: open
    ['+8613800000102', zoneAt(12), 'CN'], // noon, but CN's own window is 09-10: closed
    ['+14155550103', zoneAt(3), 'US-CA'], // 03:00, US-CA's own window 02-04: open
    ['+14155550104', zoneAt(12), 'US-CA'], // noon in US-CA: closed by its own window
    ['+14155550105', zoneAt(12), 'US-NY'], // no window of its own: the campaign's, open
    ['+8613800000106', zoneAt(9), 'CN-BJ'], // 09:00, CN's window by its prefix: open
  ];
  for (const [phone, zone, region] of leads) {
    await as.max.query(
      "INSERT INTO callcue.campaign_leads (campaign_id, line, phone, time_zone, region, language, consent_source, consent_date) VALUES ($1, 2, $2, $3, $4, 'en', 'web form', '2026-01-01')",
      [campaign, phone, zone, region],
    );
  }
  await as.max.query("SELECT callcue.set_campaign_state($1, 'running')", [campaign]);
  expect(await migrateTeam(admin, { to: 8 })).toEqual({ from: 7, to: 8 });
});

afterAll(async () => {
  await server?.stop();
});

describe('migration 008: the lease scan passes over closed windows', () => {
  it('leases exactly what lead_block allows, in list order, and says waiting when only closed ones are left', async () => {
    const { rows: allowed } = await as.max.query<{ phone: string }>(
      'SELECT l.phone FROM callcue.campaign_leads l JOIN callcue.campaigns c ON c.id = l.campaign_id WHERE l.campaign_id = $1 AND callcue.lead_block(l, c) IS NULL ORDER BY l.id',
      [campaign],
    );
    expect(allowed.map((r) => r.phone)).toEqual(['+14155550101', '+14155550103', '+14155550105', '+8613800000106']);
    const leased: string[] = [];
    for (;;) {
      const { rows } = await as.ann.query<{ status: string; phone: string | null }>('SELECT status, phone FROM callcue.lease_lead($1, 30)', [campaign]);
      if (rows[0]!.status !== 'leased') {
        expect(rows[0]!.status).toBe('waiting');
        break;
      }
      leased.push(rows[0]!.phone!);
    }
    expect(leased).toEqual(allowed.map((r) => r.phone));
  });
});

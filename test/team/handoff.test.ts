import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoffContext } from '../../main/campaign/handoff.ts';
import type { SessionEvent } from '../../main/call/pipeline.ts';
import { addMember, formatTeamUrl, migrateTeam, type TeamClient, type TeamTarget } from '../../main/team/index.ts';
import { TeamLeadSource } from '../../main/team/lead-source.ts';
import type { TeamHandoff } from '../../preload/contract.ts';
import { repoRoot } from '../helpers/cli.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';
import { zoneAt } from '../helpers/zones.ts';

/**
 * Warm transfer's handoff card across two PCs and the team store: the autopilot's PC (a team campaign's lead source,
 * as `autopilot --team-campaign` runs it) writes the card as the rep's phone starts ringing; the rep's CallCue, its
 * own process with the app's core and team link, publishes `team.handoff` with the call's intents. Then the call is
 * reported `transferred` to the team store.
 */
let server: TestTeamServer;
let manager: TeamClient;
let bot: TeamTarget;
let rep: ChildProcess;
const heard: { t: string; at?: number; handoff?: TeamHandoff }[] = [];

beforeAll(async () => {
  server = await startTestTeamServer();
  const admin = await server.connect();
  await migrateTeam(admin);
  const target = (who: { role: string; password: string }): TeamTarget => ({ ...server.admin, user: who.role, password: who.password });
  manager = await server.connect(await addMember(admin, { name: 'max', manager: true }).then((m) => ({ user: m.role, password: m.password })));
  bot = target(await addMember(admin, { name: 'night', display: 'Night shift PC', manager: false }));
  const ann = target(await addMember(admin, { name: 'ann', manager: false, extension: '201' }));
  await addMember(admin, { name: 'bob', manager: false, extension: '202' });
  const campaign = Number((await manager.query("INSERT INTO callcue.campaigns (name, plugin) VALUES ('spring', 'insurance') RETURNING id")).rows[0].id);
  await manager.query("INSERT INTO callcue.campaign_windows (campaign_id, region, starts, ends) VALUES ($1, '', '00:00', '23:59')", [campaign]);
  await manager.query("INSERT INTO callcue.campaign_pcs (campaign_id, rep) VALUES ($1, 'cc_night')", [campaign]);
  await manager.query("INSERT INTO callcue.campaign_leads (campaign_id, line, phone, time_zone, language, consent_source, consent_date) VALUES ($1, 5, '+14155550100', $2, 'en', 'web form', '2026-01-01')", [campaign, zoneAt(12)]);
  await manager.query("SELECT callcue.set_campaign_state($1, 'running')", [campaign]);

  rep = spawn(process.execPath, [path.join(repoRoot, 'test/team/fixtures/rep-app.ts'), formatTeamUrl(ann)], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: rep.stdout! }).on('line', (line) => {
      heard.push(JSON.parse(line));
      if (heard.at(-1)!.t === 'linked') resolve();
    });
    rep.once('exit', (code) => reject(new Error(`the rep's CallCue exited (${code}) before its team link connected`)));
  });
}, 60_000);

afterAll(async () => {
  rep?.stdin?.end('exit\n');
  await new Promise((resolve) => (rep?.exitCode !== null ? resolve(null) : rep.once('exit', resolve)));
  await manager?.end();
  await server?.stop();
});

const turn = (intent: string, state: string, lowConfidence?: true) => ({ type: 'turn', intent, state, lowConfidence }) as unknown as SessionEvent;

describe('the handoff card reaches the rep being rung, before the callee is put through', () => {
  it('the rep’s CallCue publishes team.handoff with the intents so far; the call is reported transferred', async () => {
    const source = await new TeamLeadSource({ connect: () => server.connect({ user: bot.user, password: bot.password }), campaignId: 1 }).open();
    try {
      const lead = (await source.next(new AbortController().signal))!;
      expect(await source.clear(lead)).toEqual({ dial: true });
      const events = [turn('greeting', 'opening'), turn('objection_price', 'objection_handling'), turn('mumble', 'objection_handling', true), turn('ask_human', 'closing')];
      const context = handoffContext(lead, { events, slots: { age: 42, product: 'term_life' }, stage: 'closing' });
      expect(context).toEqual({ plugin: 'insurance', language: 'en', leadLine: 5, phone: '+14155550100', intents: ['greeting', 'objection_price', 'ask_human'], objections: ['objection_price'], slots: { age: 42, product: 'term_life' }, stage: 'closing', turns: 4 });

      // Another rep's transfer first: Ann's CallCue must not show it.
      await source.handoff(lead, { to: '202', context: { ...context, intents: ['someone_else'] } });
      const sent = Date.now();
      await source.handoff(lead, { to: 'sip:201@pbx.example.com', context });
      const stored = Date.now();
      await expect.poll(() => heard.filter((h) => h.t === 'handoff').length, { timeout: 10_000 }).toBe(1);
      const [card] = heard.filter((h) => h.t === 'handoff');
      expect(card!.handoff).toMatchObject({ from: 'Night shift PC', campaignId: 1, context });
      console.log(`handoff: stored ${stored - sent} ms after it was sent; on the rep's CallCue ${card!.at! - stored} ms after that`);

      await source.report(lead, { disposition: 'transferred', abandoned: false });
      expect((await manager.query('SELECT a.disposition, a.answered, l.done FROM callcue.campaign_attempts a JOIN callcue.campaign_leads l ON l.id = a.lead_id')).rows).toEqual([{ disposition: 'transferred', answered: true, done: true }]);
    } finally {
      await source.close();
    }
  });
});

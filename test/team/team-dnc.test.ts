import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModel } from '../../main/asr/models/fixture.ts';
import { WhisperEngine } from '../../main/asr/whisper-engine.ts';
import { BrainRegistry } from '../../main/brain/index.ts';
import { Campaign, type CampaignEvent } from '../../main/campaign/campaign.ts';
import type { Lead } from '../../main/campaign/leads.ts';
import { defaultRules } from '../../main/campaign/rules.ts';
import { VirtualLine } from '../../main/campaign/virtual-line.ts';
import { teamCheck } from '../../main/doctor/checks/team.ts';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { allowPcs, createCampaign, importLeads, setCampaignState } from '../../main/team/campaigns.ts';
import { addMember, connectTeam, formatTeamUrl, migrateTeam, teamCredentials, TeamDncFeed, TeamLink, TeamSync, type TeamTarget } from '../../main/team/index.ts';
import { TeamLeadSource } from '../../main/team/lead-source.ts';
import { Voice } from '../../main/tts/index.ts';
import type { TeamStatus } from '../../preload/contract.ts';
import { callcueAsync, repoRoot } from '../helpers/cli.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/tmp.ts';
import { zoneAt } from '../helpers/zones.ts';

/**
 * The team-wide do-not-call list with a real PostgreSQL and two PCs in this process, each with its own store and
 * login: PC A records an opt-out and its sync worker pushes it; PC B's link (the app's: sync + feed) mirrors it by
 * LISTEN/NOTIFY, and B's autopilot (virtual line, fixture model) never dials it. With the server gone past the
 * staleness limit, B's campaign pauses with that reason, and goes on when the server is back. A number the manager
 * takes off the list (`callcue team dnc-remove`, audited) leaves B's copy at once and an offline PC's when it is back.
 */
const STALE_MS = 1500;
const resources = path.join(repoRoot, 'resources');
let server: TestTeamServer;
let engine: WhisperEngine;
const login: Record<'ann' | 'bob' | 'max', TeamTarget> = {} as never;
const stop = new AbortController();
let a: MetadataStore;
let b: MetadataStore;
let linkB: TeamLink;
const statuses: TeamStatus[] = [];

beforeAll(async () => {
  [server, engine] = await Promise.all([startTestTeamServer(), WhisperEngine.start({ model: fixtureModel('micro'), maxTokens: 4, temperatureFallback: false })]);
  const admin = await server.connect();
  await migrateTeam(admin);
  for (const [name, manager] of [['ann', false], ['bob', false], ['max', true]] as const) {
    const { role, password } = await addMember(admin, { name, manager });
    login[name] = { ...server.admin, user: role, password };
  }
  const pc = async () => {
    const dir = tempDir();
    const store = await MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) });
    await store.call('startOutbox', {});
    return { dir, store };
  };
  const [pcA, pcB] = await Promise.all([pc(), pc()]);
  a = pcA.store;
  b = pcB.store;
  // PC A: its sync worker, as `callcue team sync` runs it.
  void new TeamSync({ store: a, target: login.ann }).run(stop.signal, { idleMs: 100, maxBackoffMs: 300 });
  // PC B: joined (its sealed login), with the link the app runs.
  const logins = teamCredentials(pcB.dir, fileKeyStore(pcB.dir).sealer);
  logins.write('login', formatTeamUrl(login.bob));
  linkB = new TeamLink({ store: async () => b, logins, staleMs: STALE_MS, idleMs: 100, heartbeatMs: 200, maxBackoffMs: 300, onStatus: (s) => statuses.push(s) });
  expect(linkB.start()).toBe(true);
}, 60_000);

afterAll(async () => {
  stop.abort();
  await linkB?.close();
  await Promise.all([a?.close(), b?.close()]);
  await engine?.close();
  await server?.stop();
});

/** Virtual callees whose numbers end in 0 answer busy: each dial is quick and leaves an attempt. */
const lead = (phone: string): Lead => ({ line: 2, name: phone, phone, timeZone: 'Etc/UTC', region: null, language: 'en', plugin: 'insurance', consentSource: 'web form', consentDate: '2026-10-01' });
const campaignOnB = (phones: string[]) => {
  const events: CampaignEvent[] = [];
  const voice = new Voice();
  const campaign = new Campaign({ leads: phones.map(lead), rules: defaultRules, line: new VirtualLine(voice, resources), store: b, brains: new BrainRegistry(resources), engine, voice, asr: 'fixture', fixture: true, concurrency: 1, now: () => Date.UTC(2026, 10, 25, 12, 0), listFresh: () => linkB.listFresh() });
  campaign.on('event', (e: CampaignEvent) => events.push(e));
  return { campaign, events };
};
const onB = (phone: string) => b.call('isDoNotCall', { phone });

describe('the team do-not-call list', () => {
  it('an opt-out on PC A reaches PC B within seconds, and B never dials it', { timeout: 60_000 }, async () => {
    await expect.poll(() => linkB.status().connected, { timeout: 10_000 }).toBe(true);
    const optedOut = '+8613800000110';
    const started = performance.now();
    // What the bot does when a callee presses 9 on PC A.
    await a.call('addDoNotCall', { phones: [optedOut], source: 'opt_out_dtmf', addedAt: Date.now() });
    await expect.poll(() => onB(optedOut), { timeout: 5000, interval: 20 }).toBe(true);
    console.log(`opt-out on A -> on B's list: ${Math.round(performance.now() - started)} ms (sync idle 100 ms)`);
    // B holds it as the team's: nothing to send back.
    expect(await b.call('outboxPending', {})).toMatchObject({ pending: 0 });

    const { campaign, events } = campaignOnB([optedOut, '+8613800000210']);
    expect(await campaign.run()).toMatchObject({ dialled: 1, skipped: { do_not_call: 1 } });
    expect(events.filter((e) => e.type === 'dial').map((e) => (e as { phone: string }).phone)).toEqual(['+8613800000210']);
    expect(linkB.status()).toMatchObject({ joined: true, connected: true, error: null, dncStale: false });
    expect(await teamCheck({ team: () => linkB.status() } as never)).toMatchObject({ status: 'ok', foundMessage: { key: 'doctor.found.teamConnected' } });
  });

  it('a PC joining late catches up by position on connect; new entries then come by NOTIFY alone', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const c = await MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) });
    await c.call('startOutbox', {});
    // The heartbeat an hour away: only the catch-up on connect and the notifications can bring anything.
    const feed = new TeamDncFeed({ store: c, target: login.bob, heartbeatMs: 3_600_000 });
    const listening = new AbortController();
    const running = feed.run(listening.signal);
    try {
      await expect.poll(() => feed.connected, { timeout: 5000 }).toBe(true);
      expect(await c.call('isDoNotCall', { phone: '+8613800000110' })).toBe(true);
      expect(await c.call('teamDncSeq', {})).toBe(1);
      await a.call('addDoNotCall', { phones: ['+8613800000310'], source: 'manual', addedAt: Date.now() });
      await expect.poll(() => c.call('isDoNotCall', { phone: '+8613800000310' }), { timeout: 5000, interval: 20 }).toBe(true);
      expect(await c.call('teamDncSeq', {})).toBe(2);
    } finally {
      listening.abort();
      await running;
      await c.close();
    }
  });

  it('with the team store gone past the staleness limit, B pauses dialling and says why; back, it resumes and catches up', { timeout: 60_000 }, async () => {
    // Enough leads (about 250 ms each) to outlast the staleness limit.
    const phones = Array.from({ length: 20 }, (_, i) => `+8613800001${String(i).padStart(2, '0')}0`);
    const { campaign, events } = campaignOnB(phones);
    const firstDial = new Promise<void>((resolve) => campaign.on('event', (e: CampaignEvent) => e.type === 'dial' && resolve()));
    const paused = new Promise<number>((resolve) => campaign.on('event', (e: CampaignEvent) => e.type === 'paused' && resolve(performance.now())));
    const done = campaign.run();
    await firstDial;
    const gone = performance.now();
    await server.halt();
    // Recorded on A while the server is away: it waits in A's outbox.
    const whileAway = '+8613800009990';
    await a.call('addDoNotCall', { phones: [whileAway], source: 'opt_out_speech', addedAt: Date.now() });

    const pausedAt = await Promise.race([paused, done.then(() => Promise.reject(new Error('the campaign ended without pausing')))]);
    expect(events.find((e) => e.type === 'paused')).toEqual({ type: 'paused', reason: 'team_stale' });
    // Not before the list was stale (its last confirmation came at most a heartbeat before the server went).
    expect(pausedAt - gone).toBeGreaterThan(STALE_MS - 300);
    expect(campaign.progress.paused).toBe(true);
    const dialledWhenPaused = campaign.progress.dialled;
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(campaign.progress.dialled).toBe(dialledWhenPaused);
    expect(linkB.status()).toMatchObject({ joined: true, connected: false, error: 'team_unreachable', dncStale: true });
    expect(statuses.at(-1)).toMatchObject({ dncStale: true });
    expect(await teamCheck({ team: () => linkB.status() } as never)).toMatchObject({ status: 'warn', foundMessage: { key: 'doctor.found.teamStale' }, hint: { key: 'doctor.hint.team.unreachable' } });

    await server.restart();
    expect(await done).toMatchObject({ dialled: 20, stoppedBy: 'finished' });
    const types = events.map((e) => e.type);
    // Nothing dialled between the pause and the resumption.
    expect(types.slice(types.indexOf('paused'), types.indexOf('resumed') + 1).filter((t) => t === 'dial')).toEqual([]);
    expect(linkB.status()).toMatchObject({ connected: true, dncStale: false });
    // A's opt-out from the outage reaches B once A's outbox drains.
    await expect.poll(() => onB(whileAway), { timeout: 10_000, interval: 50 }).toBe(true);
  });

  it("the manager takes a number off the list: audited, gone from B's copy within seconds and from an offline PC's on its return; a rep may not", { timeout: 60_000 }, async () => {
    const number = '+8613800000410';
    await a.call('addDoNotCall', { phones: [number], source: 'manual', addedAt: Date.now() });
    await expect.poll(() => onB(number), { timeout: 10_000, interval: 50 }).toBe(true);
    // PC C holds the number too, then goes offline.
    const dir = tempDir();
    const c = await MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) });
    await c.call('startOutbox', {});
    const feedOf = () => new TeamDncFeed({ store: c, target: login.bob, heartbeatMs: 3_600_000 });
    let away = new AbortController();
    let feed = feedOf();
    let running = feed.run(away.signal);
    await expect.poll(() => c.call('isDoNotCall', { phone: number }), { timeout: 5000, interval: 20 }).toBe(true);
    away.abort();
    await running;

    const as = (who: TeamTarget, ...args: string[]) => callcueAsync(['team', 'dnc-remove', ...args], { CALLCUE_DATA_DIR: tempDir(), CALLCUE_TEAM_URL: formatTeamUrl(who) });
    const refused = await as(login.ann, number, '--reason', 'mine');
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining("Taking a number off the team's do-not-call list needs a manager's team login; ann is a rep") });
    expect(await as(login.max, number)).toMatchObject({ code: 2, stderr: expect.stringContaining('--reason TEXT') });
    const started = performance.now();
    const removed = await as(login.max, number, '--reason', 'consent renewed on the phone');
    expect(removed, removed.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining(`${number} is off the team's do-not-call list`) });
    await expect.poll(() => onB(number), { timeout: 5000, interval: 20 }).toBe(false);
    console.log(`removal by the manager -> off B's list: ${Math.round(performance.now() - started)} ms (including the CLI's start)`);
    expect(await as(login.max, number, '--reason', 'again')).toMatchObject({ code: 0, stdout: expect.stringContaining('is not on the team') });
    const admin = await server.connect();
    expect((await admin.query('SELECT phone, done_by, reason FROM callcue.dnc_audit WHERE phone = $1', [number])).rows).toEqual([{ phone: number, done_by: 'cc_max', reason: 'consent renewed on the phone' }]);

    // C, back: the catch-up on connect applies the removal it missed.
    away = new AbortController();
    feed = feedOf();
    running = feed.run(away.signal);
    try {
      await expect.poll(() => feed.connected, { timeout: 5000 }).toBe(true);
      expect(await c.call('isDoNotCall', { phone: number })).toBe(false);
    } finally {
      away.abort();
      await running;
      await c.close();
    }
  });

  it("an opt-out heard on a team campaign's call is in the team store at once, not only when the outbox goes out", { timeout: 60_000 }, async () => {
    const manager = await server.connect(login.max);
    const id = await createCampaign(manager, { name: 'opt-outs', plugin: 'insurance', language: 'en' });
    // The virtual callee whose number ends in 9 presses 9 after the disclosure.
    const number = '+8613800000519';
    await importLeads(manager, id, `name,phone,timezone,language,plugin,consent_source,consent_date\nLead,${number},${zoneAt(12)},en,insurance,web form,2026-01-01\n`);
    await allowPcs(manager, id, ['bob']);
    await setCampaignState(manager, id, 'running');
    // A PC with its outbox on and no sync worker: whatever reaches the team store goes by the lead source.
    const dir = tempDir();
    const d = await MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) });
    await d.call('startOutbox', {});
    const source = await new TeamLeadSource({ connect: () => connectTeam(login.bob), campaignId: id, pollMs: 200 }).open();
    const voice = new Voice();
    const campaign = new Campaign({ source, rules: defaultRules, line: new VirtualLine(voice, resources), store: d, brains: new BrainRegistry(resources), engine, voice, asr: 'fixture', fixture: true, concurrency: 1 });
    const events: CampaignEvent[] = [];
    campaign.on('event', (e: CampaignEvent) => {
      events.push(e);
      // Nothing left to dial: stop, as the manager would in the morning.
      if (e.type === 'disposition') void setCampaignState(manager, id, 'stopped');
    });
    try {
      await campaign.run();
      expect(events.find((e) => e.type === 'disposition')).toMatchObject({ phone: number, disposition: 'opted_out' });
      expect((await manager.query('SELECT added_by, source FROM callcue.dnc WHERE phone = $1', [number])).rows).toEqual([{ added_by: 'cc_bob', source: 'opt_out_dtmf' }]);
      // Still in this PC's outbox (sent later, a no-op then): the team store had it from the source.
      expect((await d.call('outboxPending', {})).pending).toBeGreaterThan(0);
    } finally {
      await d.close();
    }
  });
});

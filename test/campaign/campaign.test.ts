import fs from 'node:fs';
import path from 'node:path';
import { hasSampleCall } from '../../main/audio/sample-call.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModel } from '../../main/asr/models/fixture.ts';
import { WhisperEngine } from '../../main/asr/whisper-engine.ts';
import { BrainRegistry } from '../../main/brain/index.ts';
import { Campaign, type CampaignEvent } from '../../main/campaign/campaign.ts';
import type { Lead } from '../../main/campaign/leads.ts';
import { defaultRules } from '../../main/campaign/rules.ts';
import { VirtualLine } from '../../main/campaign/virtual-line.ts';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { Voice } from '../../main/tts/index.ts';
import { repoRoot } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const resources = path.join(repoRoot, 'resources');
let engine: WhisperEngine;
const brains = new BrainRegistry(resources);

beforeAll(async () => {
  engine = await WhisperEngine.start({ model: fixtureModel('micro'), maxTokens: 4, temperatureFallback: false });
});
afterAll(() => engine?.close());

/** Leads whose virtual phones answer busy (numbers ending in 0): each dial is quick and leaves an attempt. */
const lead = (phone: string, timeZone: string, o: Partial<Lead> = {}): Lead => ({ line: 2, name: phone, phone, timeZone, region: null, language: 'en', plugin: 'insurance', consentSource: 'web form', consentDate: '2026-10-01', ...o });

describe('a campaign across time zones, with an injected clock', () => {
  it('dials each lead only inside its own window and skips do-not-call, unconsented and over-attempt leads with reasons', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const store = await MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) });
    try {
      let now = Date.UTC(2026, 10, 25, 1, 0); // 09:00 Shanghai, 01:00 London, 20:00 (24th) New York
      const leads = [
        lead('+8613800000010', 'Asia/Shanghai'),
        lead('+442079460000', 'Europe/London'),
        lead('+12125550100', 'America/New_York'),
        lead('+8613800000020', 'Asia/Shanghai'),
        lead('+8613800000030', 'Asia/Shanghai', { consentDate: '2026-12-01' }),
        lead('+8613800000040', 'Asia/Shanghai'),
      ];
      await store.call('addDoNotCall', { phones: ['+8613800000020'], source: 'manual', addedAt: now });
      for (let i = 0; i < 3; i++) {
        const id = `old-${i}`;
        await store.call('startCall', { id, startedAt: now - (i + 1) * 86_400_000, mode: 'auto', plugin: 'insurance', language: 'en', phone: '+8613800000040' });
        await store.call('endCall', { id, endedAt: now - (i + 1) * 86_400_000 + 1000, outcome: 'no_answer' });
      }
      const run = async () => {
        const events: CampaignEvent[] = [];
        const campaign = new Campaign({ leads, rules: defaultRules, line: new VirtualLine(new Voice(), resources), store, brains, engine, voice: new Voice(), asr: 'fixture', fixture: true, concurrency: 2, now: () => now });
        campaign.on('event', (e: CampaignEvent) => events.push(e));
        await campaign.run();
        return events;
      };
      const summary = (events: CampaignEvent[]) =>
        Object.fromEntries(events.filter((e) => e.type === 'dial' || e.type === 'skip').map((e) => [(e as { phone: string }).phone, e.type === 'skip' ? e.reason : 'dial']));

      expect(summary(await run())).toEqual({
        '+8613800000010': 'dial',
        '+442079460000': 'outside_window',
        '+12125550100': 'dial',
        '+8613800000020': 'do_not_call',
        '+8613800000030': 'no_consent',
        '+8613800000040': 'max_attempts',
      });
      const skips = (await run()).filter((e) => e.type === 'skip') as Extract<CampaignEvent, { type: 'skip' }>[];
      expect(skips.find((s) => s.phone === '+442079460000')?.detail).toBe('01:00 in Europe/London, window 08:00-21:00');

      // Eight hours later: 17:00 Shanghai (busy back-off over), 09:00 London, 04:00 New York.
      now += 8 * 3_600_000;
      expect(summary(await run())).toMatchObject({ '+8613800000010': 'dial', '+442079460000': 'dial', '+12125550100': 'outside_window' });
      expect(await store.call('attempts', { phone: '+8613800000010' })).toMatchObject({ count: 2, lastOutcome: 'busy' });
    } finally {
      await store.close();
    }
  });
});

describe('pause, resume and stop', () => {
  it('every worker waits out a pause and goes on at resume; progress counts the leads; stop ends it early', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const store = await MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) });
    try {
      const zone = 'Etc/UTC';
      const now = () => Date.UTC(2026, 10, 25, 12, 0);
      const leads = ['+8613800000010', '+8613800000110', '+8613800000210', '+8613800000310', '+8613800000410'].map((p) => lead(p, zone));
      const make = () => new Campaign({ leads, rules: defaultRules, line: new VirtualLine(new Voice(), resources), store, brains, engine, voice: new Voice(), asr: 'fixture', fixture: true, concurrency: 3, now });
      const campaign = make();
      const events: CampaignEvent[] = [];
      campaign.on('event', (e: CampaignEvent) => events.push(e));
      campaign.pause();
      const done = campaign.run();
      // Paused before the first dial: all three workers wait, nobody is dialled.
      await new Promise((r) => setTimeout(r, 1500));
      expect(campaign.progress).toMatchObject({ leads: 5, processed: 0, onLine: 0, dialled: 0, paused: true });
      campaign.resume();
      expect(await done).toMatchObject({ dialled: 5, stoppedBy: 'finished', dispositions: { busy: 5 } });
      expect(campaign.progress).toMatchObject({ processed: 5, onLine: 0, paused: false });
      expect(events.map((e) => e.type).slice(0, 2)).toEqual(['paused', 'resumed']);

      const stopped = make();
      stopped.pause();
      const early = stopped.run();
      stopped.stop();
      expect(await early).toMatchObject({ dialled: 0, stoppedBy: 'stopped' });
    } finally {
      await store.close();
    }
  });
});

describe('pause during ringing', () => {
  it('the call that is ringing goes on to its end; no other lead is dialled until resume', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const store = await MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) });
    try {
      const leads = ['+8613800000010', '+8613800000110', '+8613800000210'].map((p) => lead(p, 'Etc/UTC'));
      const campaign = new Campaign({ leads, rules: defaultRules, line: new VirtualLine(new Voice(), resources), store, brains, engine, voice: new Voice(), asr: 'fixture', fixture: true, concurrency: 1, now: () => Date.UTC(2026, 10, 25, 12, 0) });
      const events: CampaignEvent[] = [];
      campaign.on('event', (e: CampaignEvent) => {
        events.push(e);
        // The virtual network rings for 200 ms: pause while the first lead's phone rings.
        if (e.type === 'dial' && events.filter((x) => x.type === 'dial').length === 1) campaign.pause();
      });
      const firstOutcome = new Promise<void>((resolve) => campaign.on('event', (e: CampaignEvent) => e.type === 'disposition' && resolve()));
      const done = campaign.run();
      await firstOutcome;
      // Long enough for the next lead to have been dialled (the ring is 200 ms) had the pause not held.
      await new Promise((r) => setTimeout(r, 800));
      expect(events.map((e) => e.type)).toEqual(['dial', 'paused', 'disposition']);
      expect(campaign.progress).toMatchObject({ dialled: 1, processed: 1, onLine: 0, paused: true });
      campaign.resume();
      expect(await done).toMatchObject({ dialled: 3, stoppedBy: 'finished', dispositions: { busy: 3 } });
    } finally {
      await store.close();
    }
  });
});

describe('every lead is called, whatever its business line ships', () => {
  it('every shipped business line has a sample call in both languages', () => {
    for (const plugin of brains.plugins.keys()) for (const language of ['en', 'zh-CN'] as const) expect(hasSampleCall(resources, plugin, language), `${plugin} ${language}`).toBe(true);
  });

  it('a business line with no sample call is still called on the virtual line: each call ends with an outcome, nothing is left on the line', { timeout: 90_000 }, async () => {
    // A customer's own plugin, installed without sample calls.
    const own = tempDir();
    fs.cpSync(path.join(resources, 'plugins'), path.join(own, 'plugins'), { recursive: true });
    const dir = tempDir();
    const store = await MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) });
    try {
      // Numbers ending in 9: the callee hears the disclosure and presses 9 (the quickest whole call).
      const leads = [lead('+8613800000019', 'Etc/UTC', { plugin: 'appliances' }), lead('+8613800000029', 'Etc/UTC', { plugin: 'appliances', language: 'zh-CN' })];
      const voice = new Voice();
      const campaign = new Campaign({ leads, rules: defaultRules, line: new VirtualLine(voice, own), store, brains: new BrainRegistry(own), engine, voice, asr: 'fixture', fixture: true, concurrency: 2, now: () => Date.UTC(2026, 10, 25, 12, 0) });
      const done = await campaign.run();
      expect(done).toMatchObject({ dialled: 2, answered: 2, stoppedBy: 'finished', dispositions: { opted_out: 2 } });
      expect(campaign.progress).toMatchObject({ processed: 2, onLine: 0 });
      const calls = await store.call('listCalls', {});
      expect(calls).toHaveLength(2);
      expect(calls.filter((c) => c.endedAt === null)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

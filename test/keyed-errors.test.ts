import { afterAll, describe, expect, it } from 'vitest';
import { resources } from '../locales/index.ts';
import { createHeadlessCore } from '../main/core/headless.ts';
import { createRouter } from '../main/ipc/router.ts';
import type { CampaignStatus } from '../preload/contract.ts';
import { tempDir } from './helpers/tmp.ts';
import { zoneAt } from './helpers/zones.ts';

const core = createHeadlessCore({ ...process.env, CALLCUE_DATA_DIR: tempDir(), CALLCUE_MODELS_DIR: tempDir(), CALLCUE_WHISPER_MODEL: '' }, { model: 'fixture:micro' });
const dispatch = createRouter(core.handlers);
afterAll(() => core.close());

/** The words a keyed error shows, in both languages: a key with no words would show nothing. */
function expectWords(error: { key?: string }) {
  for (const { translation } of Object.values(resources)) {
    expect(error.key!.split('.').reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], translation), error.key).toEqual(expect.any(String));
  }
}

describe('errors a user can cause come keyed, with the field they are about', () => {
  it('a setting out of range: the field and its limit, not zod text', async () => {
    const envelope = await dispatch('settings.set', { retentionDays: 0 });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid_payload', key: 'app.invalid.tooSmall', vars: { min: '1' }, field: 'retentionDays' } });
    await expect(core.settings.set({ endOfTurnMs: 5000 })).rejects.toMatchObject({ key: 'app.invalid.tooBig', vars: { max: '2000' }, field: 'endOfTurnMs' });
    if (!envelope.ok) expectWords(envelope.error);
  });

  it('a bad SIP account or a missing password: by its field, and the campaign did not fail', async () => {
    const start = (line: string, password?: string) => dispatch('campaign.start', { line, password, concurrency: 1, maxAttempts: 1, until: null });
    expect(await start('callcue@pbx')).toMatchObject({ ok: false, error: { field: 'line', key: expect.stringMatching(/^app\.invalid\./) } });
    expect((await start('sip:callcue@pbx')).ok).toBe(false); // no leads yet: refused before the line
    await core.campaigns.importLeads(Buffer.from(`name,phone,timezone,language,plugin,consent_source,consent_date\nA,+8613800000010,${zoneAt(13)},en,insurance,web,2026-10-01\n`));
    const noPassword = await start('sip:callcue@pbx.example.com');
    expect(noPassword).toMatchObject({ ok: false, error: { key: 'campaign.errors.sipPassword', field: 'password' } });
    if (!noPassword.ok) expectWords(noPassword.error);
    // Warm transfer: a phone that cannot be rung, on a line that cannot ring it, or hours half given.
    const transfer = (line: string, more: Record<string, unknown>) => dispatch('campaign.start', { line, password: 'x', concurrency: 1, maxAttempts: 1, until: null, ...more });
    expect(await transfer('sip:callcue@pbx.example.com', { transferTo: '20 1' })).toMatchObject({ ok: false, error: { field: 'transferTo', key: expect.stringMatching(/^app\.invalid\./) } });
    const virtual = await transfer('virtual', { transferTo: '201' });
    expect(virtual).toMatchObject({ ok: false, error: { key: 'campaign.errors.transferLine', field: 'transferTo' } });
    if (!virtual.ok) expectWords(virtual.error);
    expect(await transfer('sip:callcue@pbx.example.com', { transferTo: '201', transferHours: { start: '09:00', end: '' } })).toMatchObject({ ok: false, error: { field: 'transferHours.end' } });
    const same = await transfer('sip:callcue@pbx.example.com', { transferTo: '201', transferHours: { start: '09:00', end: '09:00' } });
    expect(same).toMatchObject({ ok: false, error: { key: 'campaign.errors.transferHours', field: 'transferHours' } });
    if (!same.ok) expectWords(same.error);
    expect(core.campaigns.status()).toMatchObject({ state: 'idle', error: null });
  });

  it('a do-not-call file with a bad line, or none at all', async () => {
    expect(await dispatch('dnc.import', { text: '+8613800000001\nfoo\n' })).toMatchObject({ ok: false, error: { key: 'campaign.dnc.badLines', vars: { lines: '2' } } });
    expect(await dispatch('dnc.import', { text: '' })).toMatchObject({ ok: false, error: { key: 'campaign.dnc.empty' } });
  });

  it('a campaign the user stops ends "stopped", not "done"', { timeout: 60_000 }, async () => {
    const states: CampaignStatus['state'][] = [];
    core.hub.observe((event, payload) => event === 'campaign.progress' && states.push((payload as CampaignStatus).state));
    await core.campaigns.start({ line: 'virtual', concurrency: 1, maxAttempts: 1, until: null });
    core.campaigns.stop();
    await expect.poll(() => core.campaigns.status().state, { timeout: 50_000 }).toBe('stopped');
    expect(core.campaigns.status().stoppedBy).toBe('stopped');
    expect(states).toContain('stopping');
    expect(states).not.toContain('done');
  });
});

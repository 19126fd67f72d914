import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fileKeyStore } from '../../main/store/index.ts';
import { addMember, formatTeamUrl, migrateTeam, teamCredentials, type TeamClient } from '../../main/team/index.ts';
import { writeHandoff } from '../../main/team/handoffs.ts';
import type { HandoffContext } from '../../preload/contract.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/tmp.ts';
import { openApp, screenshot, type AppUnderTest } from './browser.ts';

/**
 * The rep's side of a warm transfer in the app: a rep (extension 201) with the app open on the Call tab; the
 * autopilot's PC writes a handoff to 201 in the real team store (as its lead source does while the rep's phone
 * rings); the card appears with the lead, the business line, what was heard, the details and the stage, in English
 * and Chinese. A handoff to another extension never shows.
 */
let server: TestTeamServer;
let app: AppUnderTest;
let bot: TeamClient;
const context: HandoffContext = { plugin: 'insurance', language: 'en', leadName: 'Lin Wei', phone: '+14155550100', intents: ['greeting', 'objection_price', 'ask_human'], objections: ['objection_price'], slots: { age: 42, product: 'term_life' }, stage: 'objection_handling', turns: 4 };

beforeAll(async () => {
  server = await startTestTeamServer();
  const admin = await server.connect();
  await migrateTeam(admin);
  const ann = await addMember(admin, { name: 'ann', manager: false, extension: '201' });
  const night = await addMember(admin, { name: 'night', display: 'Night PC', manager: false });
  bot = await server.connect({ user: night.role, password: night.password });
  const data = tempDir();
  teamCredentials(data, fileKeyStore(data).sealer).write('login', formatTeamUrl({ ...server.admin, user: ann.role, password: ann.password }));
  app = await openApp(inject('webDir'), { locale: 'en-US', env: { CALLCUE_DATA_DIR: data }, teamLink: true });
});
afterAll(async () => {
  await app?.close();
  await bot?.end();
  await server?.stop();
});

describe('the handoff card on the rep’s Call tab', () => {
  it('shows who is being put through and what the bot heard, in English and Chinese; not another rep’s', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('team-status').textContent(), { timeout: 15_000 }).toBe('Team: connected · all sent');
    await writeHandoff(bot, { toExtension: '202', campaignId: null, context: { ...context, leadName: 'Someone Else' } });
    await writeHandoff(bot, { toExtension: '201', campaignId: null, context });
    const card = page.getByTestId('handoff-card');
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    const text = await card.textContent();
    for (const shown of ['A caller is being put through to you', "by Night PC's autopilot", 'Lin Wei', 'Objections', 'Age 42', 'Product term_life']) expect(text).toContain(shown);
    expect(text).not.toContain('Someone Else');
    expect(text).not.toContain('objection_price'); // intents by their labels, not their ids
    await screenshot(page, 'handoff-card-en');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => card.textContent()).toContain('有客户正在转接给您');
    await screenshot(page, 'handoff-card-zh-CN');
    await page.getByRole('button', { name: '关闭' }).click();
    await expect.poll(() => card.count()).toBe(0);
    expect(app.problems).toEqual([]);
  });
});

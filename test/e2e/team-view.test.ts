import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fileKeyStore } from '../../main/store/index.ts';
import { addMember, formatTeamUrl, migrateTeam, teamCredentials, type TeamTarget } from '../../main/team/index.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';
import { repPc, storeCall } from '../helpers/team-calls.ts';
import { tempDir } from '../helpers/tmp.ts';
import { openApp, screenshot, type AppUnderTest } from './browser.ts';

/**
 * A manager's PC in the app, against a real PostgreSQL that two reps' PCs pushed their calls to: History and the
 * dashboard offer "Whole team", show each call's rep and each rep's figures, and a call's summary says whose it is;
 * in English and Chinese, by keyboard as well as by mouse.
 */
let server: TestTeamServer;
let app: AppUnderTest;
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestTeamServer();
  const admin = await server.connect();
  await migrateTeam(admin);
  const login: Record<string, TeamTarget> = {};
  for (const [name, manager, display] of [['ann', false, 'Ann Lee'], ['bob', false, 'Bob Wu'], ['max', true, 'Max']] as const) {
    const { role, password } = await addMember(admin, { name, manager, display });
    login[name] = { ...server.admin, user: role, password };
  }
  // Within the filter bar's default range (the last 30 days).
  const now = Date.now();
  await repPc(login.ann!, async (s) => {
    await storeCall(s, 'a1', now - 3 * DAY, 'sale', ['objection_price', 'objection_timing']);
    await storeCall(s, 'a2', now - 2 * DAY, 'not_interested', ['objection_price']);
  });
  await repPc(login.bob!, (s) => storeCall(s, 'b1', now - DAY, 'callback_scheduled', ['objection_trust']));
  const data = tempDir();
  teamCredentials(data, fileKeyStore(data).sealer).write('login', formatTeamUrl(login.max!));
  app = await openApp(inject('webDir'), { locale: 'en-US', env: { CALLCUE_DATA_DIR: data }, teamLink: true });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

describe("the manager's team view", () => {
  it('History and the dashboard switch to the whole team; rows, summaries and figures say whose', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('team-status').textContent(), { timeout: 15_000 }).toBe('Team: connected · all sent');
    await page.getByRole('tab', { name: 'History' }).click();
    // This PC's calls first (a manager's PC made none); the team's a choice away.
    await expect.poll(() => page.getByText('No calls yet.').count()).toBe(1);
    await page.getByRole('radio', { name: 'Whole team' }).check();
    const rows = page.locator('[data-testid="history"] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
    expect(await page.locator('[data-testid="history"] thead th').first().textContent()).toBe('Rep');
    expect(await rows.locator('td:first-child').allTextContents()).toEqual(['Bob Wu', 'Ann Lee', 'Ann Lee']);
    await rows.nth(2).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('call-rep').textContent()).toBe('Ann Lee');
    await screenshot(page, 'team-history-en');
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await page.getByRole('radio', { name: 'Whole team' }).check();
    const reps = page.locator('[data-testid="by-rep"] tbody tr');
    await expect.poll(() => reps.count(), { timeout: 10_000 }).toBe(2);
    expect(await page.locator('[data-kpi="calls"] strong').textContent()).toBe('3');
    expect(await reps.nth(0).locator('td').allTextContents()).toEqual(['Ann Lee', '2', '50%', '2', 'Too expensive (2), Not now (1)']);
    await screenshot(page, 'team-dashboard-en');
    // Back to this PC: the per-rep table goes.
    await page.getByRole('radio', { name: 'This PC' }).check();
    await expect.poll(() => page.getByTestId('by-rep').count()).toBe(0);
    await page.getByRole('radio', { name: 'Whole team' }).check();

    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => page.getByRole('radio', { name: '整个团队' }).isChecked()).toBe(true);
    await expect.poll(() => page.locator('[data-testid="by-rep"] thead th').first().textContent()).toBe('销售代表');
    await screenshot(page, 'team-dashboard-zh-CN');
    expect(app.problems).toEqual([]);
  });
});

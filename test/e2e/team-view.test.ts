import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { allowPcs, createCampaign, importLeads } from '../../main/team/campaigns.ts';
import { addMember, migrateTeam, type TeamClient, type TeamTarget } from '../../main/team/index.ts';
import { TeamLeases } from '../../main/team/leases.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';
import { repPc, storeCall } from '../helpers/team-calls.ts';
import { zoneAt } from '../helpers/zones.ts';
import { openTeamApp, screenshot, type AppUnderTest } from './browser.ts';

/**
 * A manager's PC in the app, against a real PostgreSQL that two reps' PCs pushed their calls to: History and the
 * dashboard offer "Whole team", show each call's rep and each rep's figures, and a call's summary says whose it is;
 * the Autopilot tab shows a team campaign as two reps' PCs work it, and the manager starts, pauses and stops it
 * there; in English and Chinese, by keyboard as well as by mouse.
 */
let server: TestTeamServer;
let app: AppUnderTest;
let admin: TeamClient;
const login: Record<string, TeamTarget> = {};
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestTeamServer();
  admin = await server.connect();
  await migrateTeam(admin);
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
  app = await openTeamApp(inject('webDir'), login.max!);
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

  it("the Autopilot tab: a team campaign live as two PCs work it; the manager starts, pauses and stops it for all", async () => {
    const { page } = app;
    const manager = await server.connect(login.max);
    const id = await createCampaign(manager, { name: 'overnight', plugin: 'insurance', language: 'en', rules: { maxAttempts: 1 } });
    const rows = ['+14155550101', '+14155550102', '+14155550103', '+14155550104'].map((p, i) => `Lead ${i},${p},${zoneAt(12)},en,insurance,web form,2026-01-01`);
    expect((await importLeads(manager, id, ['name,phone,timezone,language,plugin,consent_source,consent_date', ...rows].join('\n'))).imported).toBe(4);
    await admin.query("INSERT INTO callcue.dnc (phone, source) VALUES ('+14155550104', 'import')");
    await allowPcs(manager, id, ['ann', 'bob']);
    const state = async () => (await admin.query<{ state: string }>('SELECT state FROM callcue.campaigns WHERE id = $1', [id])).rows[0]!.state;

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('tab', { name: 'Autopilot' }).click();
    const card = page.getByTestId('team-campaign');
    await expect.poll(() => card.getByTestId('team-campaign-state').textContent(), { timeout: 10_000 }).toBe('Ready');
    await card.getByRole('button', { name: 'Start' }).click();
    await expect.poll(state).toBe('running');

    // Ann's PC settles one lead (busy); Bob's is on a call with another.
    const pc = async (name: string) => new TeamLeases({ client: await server.connect(login[name]), campaignId: id });
    const [ann, bob] = [await pc('ann'), await pc('bob')];
    const first = await ann.next();
    if (first.status !== 'leased') throw new Error(first.status);
    expect(await ann.dial(first.lead)).toBe('dial');
    await ann.finish(first.lead, 'busy');
    const second = await bob.next();
    if (second.status !== 'leased') throw new Error(second.status);
    expect(await bob.dial(second.lead)).toBe('dial');

    await expect.poll(() => card.locator('[data-kpi="dialled"] strong').textContent(), { timeout: 10_000 }).toBe('2');
    expect(await card.locator('[data-kpi="working"] strong').textContent()).toBe('1');
    expect(await card.locator('[data-kpi="onLine"] strong').textContent()).toBe('1');
    expect(await card.getByTestId('team-dispositions').textContent()).toBe('busy 1');
    expect(await card.getByTestId('team-skips').locator('li[data-key="do_not_call"] strong').textContent()).toBe('1');
    expect(await card.locator('[data-testid="team-campaign-pcs"] tbody tr td:first-child').allTextContents()).toEqual(['Ann Lee', 'Bob Wu']);
    expect(await card.getByTestId('team-campaign-leads').textContent()).toBe('0 of 4 leads settled · 1 ready to dial now · 1 with a PC');
    expect(await card.getByTestId('team-skips').locator('li[data-key="max_attempts"] strong').textContent()).toBe('1');
    await screenshot(page, 'team-campaign-en');

    await card.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(state).toBe('paused');
    // Every PC learns it at its next lease.
    expect((await ann.next()).status).toBe('paused');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => card.getByTestId('team-campaign-state').textContent()).toBe('已暂停');
    expect(await card.getByTestId('team-campaign-leads').textContent()).toContain('由经理操作');
    await screenshot(page, 'team-campaign-zh-CN');
    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: '停止' }).click();
    await expect.poll(state).toBe('stopped');
    await expect.poll(() => card.getByTestId('team-campaign-state').textContent()).toBe('已停止');
    expect(app.problems).toEqual([]);
  });
});

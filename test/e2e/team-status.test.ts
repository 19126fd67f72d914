import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { addMember, formatTeamUrl, migrateTeam, teamCredentials } from '../../main/team/index.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/tmp.ts';
import { openApp, screenshot, type AppUnderTest } from './browser.ts';

/**
 * A rep's PC that joined a team (its sealed login, the outbox on), with the app's team link running against a real
 * PostgreSQL: the footer and the System check say connected, then, with the server gone past the staleness limit
 * (1 s here), not connected and the do-not-call list out of date; in both languages.
 */
let server: TestTeamServer;
let app: AppUnderTest;

beforeAll(async () => {
  server = await startTestTeamServer();
  const admin = await server.connect();
  await migrateTeam(admin);
  const { role, password } = await addMember(admin, { name: 'ann', manager: false });
  const data = tempDir();
  teamCredentials(data, fileKeyStore(data).sealer).write('login', formatTeamUrl({ ...server.admin, user: role, password }));
  const store = await MetadataStore.open({ dataDir: data, keys: fileKeyStore(data) });
  await store.call('startOutbox', {});
  await store.close();
  app = await openApp(inject('webDir'), { locale: 'en-US', env: { CALLCUE_DATA_DIR: data, CALLCUE_TEAM_STALE_SECONDS: '1' }, teamLink: true });
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

describe('the team line in the status bar and the System check', () => {
  it('says connected, then not connected with the do-not-call list out of date, in English and Chinese', async () => {
    const { page } = app;
    const line = page.getByTestId('team-status');
    await expect.poll(() => line.textContent(), { timeout: 15_000 }).toBe('Team: connected · all sent');
    // A rep's login sees the rep's own calls only: History offers no team view.
    await page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => page.getByText('No calls yet.').count()).toBe(1);
    expect(await page.getByTestId('scope').count()).toBe(0);
    await page.getByRole('tab', { name: 'System check' }).click();
    await expect.poll(() => page.locator('tr[data-check="team"]').getAttribute('data-status')).toBe('ok');
    await screenshot(page, 'team-connected-en');

    await server.halt();
    await expect.poll(() => line.textContent(), { timeout: 15_000 }).toBe('Team: not connected · do-not-call list out of date: the autopilot waits');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => line.textContent()).toBe('团队：未连接 · 免打扰名单已过期：自动外呼暂停等待');
    await page.getByRole('button', { name: '重新检查' }).click();
    await expect.poll(() => page.locator('tr[data-check="team"]').getAttribute('data-status')).toBe('warn');
    expect(await page.locator('tr[data-check="team"] td.hint').textContent()).toContain('数据不会丢失');
    expect(await page.locator('tr[data-check="team"] td.found').textContent()).toContain('（0.02 分钟）');
    await screenshot(page, 'team-offline-zh-CN');
    expect(app.problems).toEqual([]);
  });
});

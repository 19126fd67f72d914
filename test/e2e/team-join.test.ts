import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addMember, formatTeamUrl, migrateTeam, type TeamTarget } from '../../main/team/index.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';
import { openTeamApp, screenshot } from './browser.ts';

/**
 * Joining a team from Settings on a PC that never joined, against a real PostgreSQL: a line that is not a login and
 * a wrong password each say why (the first next to the field) and change nothing; the manager's line joins, the
 * status bar says connected, and the line is kept as the store's key is (headless: a 0600 file of its own; the app
 * seals it with the OS keychain), in no other file.
 */
let server: TestTeamServer;
let app: Awaited<ReturnType<typeof openTeamApp>>;
let ann: TeamTarget;
let data: string;

beforeAll(async () => {
  server = await startTestTeamServer();
  const admin = await server.connect();
  await migrateTeam(admin);
  const { role, password } = await addMember(admin, { name: 'ann', manager: false, display: 'Ann Lee' });
  ann = { ...server.admin, user: role, password };
  app = await openTeamApp(inject('webDir'));
  data = app.data;
}, 60_000);
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

describe('joining a team from Settings', () => {
  it('refuses a bad line and a wrong password with one clear message each, then joins and connects', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Settings' }).click();
    const section = page.getByTestId('team-settings');
    expect(await section.getByTestId('team-joined').textContent()).toBe('This PC is not on a team: its calls stay on it.');
    const field = section.getByLabel('Team login from your manager');

    await field.fill('callcue team add-rep ann');
    await section.getByRole('button', { name: 'Join team' }).click();
    await expect.poll(() => section.getByTestId('field-error').textContent()).toBe('This is not a team login: paste the whole line your manager gave you; it starts with postgres://.');
    expect(await field.getAttribute('aria-invalid')).toBe('true');

    await field.fill(formatTeamUrl({ ...ann, password: 'not-the-password' }));
    await section.getByRole('button', { name: 'Join team' }).click();
    await expect.poll(() => section.getByRole('alert').textContent()).toContain("The team store refused this PC's login");
    expect(fs.readdirSync(data).filter((f) => f.startsWith('team-'))).toEqual([]);
    expect(await page.getByTestId('team-status').count()).toBe(0);

    await field.fill(formatTeamUrl(ann));
    await section.getByRole('button', { name: 'Join team' }).click();
    await expect.poll(() => section.getByRole('status').textContent()).toBe(`Joined as Ann Lee (rep) at 127.0.0.1:${server.port}/callcue.`);
    await expect.poll(() => page.getByTestId('team-status').textContent(), { timeout: 15_000 }).toBe('Team: connected · all sent');
    expect(await section.getByTestId('team-joined').textContent()).toContain('This PC is on a team, as a rep.');
    expect(await section.getByLabel('Join with another login').inputValue()).toBe('');
    const kept = fs.readdirSync(data).filter((f) => f.startsWith('team-login'));
    expect(kept).toEqual(['team-login.url']);
    expect(fs.statSync(path.join(data, kept[0]!)).mode & 0o777).toBe(0o600);
    const files = fs.readdirSync(data, { recursive: true, encoding: 'utf8' }).filter((f) => f !== kept[0] && fs.statSync(path.join(data, f)).isFile());
    for (const f of files) expect(fs.readFileSync(path.join(data, f)).includes(ann.password), f).toBe(false);
    await screenshot(page, 'team-join-en');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => section.getByTestId('team-joined').textContent()).toContain('本机已加入团队，身份为销售代表');
    await screenshot(page, 'team-join-zh-CN');
    expect(app.problems).toEqual([]);
  });
});

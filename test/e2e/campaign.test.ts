import { afterEach, describe, expect, inject, it } from 'vitest';
import { zoneAt } from '../helpers/zones.ts';
import { tempDir } from '../helpers/tmp.ts';
import { openApp, screenshot, type AppUnderTest } from './browser.ts';

const header = 'name,phone,timezone,region,language,plugin,consent_source,consent_date';
const day = zoneAt(13);
const night = zoneAt(3);
// The virtual line's callees: the last digit picks the behaviour (0 busy, 1 no answer, 8 hangs up, 9 presses 9).
const leads = (language: string) =>
  [
    header,
    `Busy,+8613800000010,${day},,${language},insurance,web form,2026-10-01`,
    `Away,+8613800000011,${day},,${language},insurance,web form,2026-10-01`,
    `Presser,+8613800000019,${day},,${language},insurance,web form,2026-10-01`,
    `Listed,+8613800000038,${day},,${language},insurance,web form,2026-10-01`,
    `Asleep,+8613800000048,${night},,${language},insurance,web form,2026-10-01`,
    `Hangs up,+8613800000058,${day},,${language},insurance,web form,2026-10-01`,
  ].join('\n');

let app: AppUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe.each([
  { locale: 'en-US', language: 'en', tab: 'Autopilot', start: 'Start calling', add: 'Add number', running: /Calling|Paused/, paused: 'Paused', finished: 'Finished', shot: 'en' },
  { locale: 'zh-CN', language: 'zh', tab: '自动外呼', start: '开始拨打', add: '添加号码', running: /正在拨打|已暂停/, paused: '已暂停', finished: '已完成', shot: 'zh-CN' },
])('autopilot campaign screen in Chromium through the dev bridge ($shot)', ({ locale, language, tab, start, add, running, paused, finished, shot }) => {
  it('rejects a bad lead list row by row, lists a number by hand, runs the campaign live with pause and resume, and keeps the opt-out', { timeout: 120_000 }, async () => {
    app = await openApp(inject('webDir'), { locale, env: { CALLCUE_DATA_DIR: tempDir() }, model: 'fixture:micro' });
    const { page } = app;
    await page.getByRole('tab', { name: tab }).click();
    const pick = page.locator('.campaign-setup input[type="file"]');

    // Two bad rows: every one is reported with its line, and nothing is imported.
    await pick.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\nA,12345,${day},,en,insurance,web,2026-10-01\nB,+8613800000099,${day},,en,insurance,,2026-10-01\n`) });
    await page.getByTestId('lead-errors').waitFor();
    expect(await page.locator('[data-testid="lead-errors"] li').count()).toBe(2);
    expect(await page.getByTestId('lead-errors').textContent()).toMatch(/(Line|第) 2.*E\.164[^]*(Line|第) 3.*(consent|同意)/);
    expect(await page.getByRole('button', { name: start }).isDisabled()).toBe(true);

    await pick.setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(leads(language)) });
    await page.getByTestId('leads-ready').filter({ hasText: '6' }).waitFor();

    // A manager puts one lead on the do-not-call list by hand.
    await page.getByRole('textbox', { name: add }).fill('+86 138 0000 0038');
    await page.getByRole('button', { name: add }).click();
    await page.getByTestId('dnc-count').filter({ hasText: '1' }).waitFor();

    await page.getByRole('button', { name: start }).click();
    await page.getByTestId('campaign-state').filter({ hasText: running }).waitFor();
    await page.keyboard.press('Control+Shift+P');
    await page.getByTestId('campaign-state').filter({ hasText: paused }).waitFor();
    await page.keyboard.press('Control+Shift+P');
    await page.getByTestId('campaign-state').filter({ hasText: finished }).waitFor({ timeout: 90_000 });

    const status = app.core.campaigns.status();
    expect(status).toMatchObject({ state: 'done', stoppedBy: 'finished', processed: 6, dialled: 4, answered: 2, abandonRate: 0 });
    expect(status.dispositions).toMatchObject({ busy: 1, no_answer: 1, opted_out: 1 });
    expect(status.skipped).toEqual({ do_not_call: 1, outside_window: 1 });
    expect(await page.locator('[data-testid="dispositions"] li').count()).toBe(Object.keys(status.dispositions).length);
    expect(await page.locator('[data-testid="campaign-log"] tr[data-type="skip"]').count()).toBe(2);
    // Numbers on the screen are masked, as in exports.
    expect(await page.getByTestId('campaign-progress').textContent()).not.toContain('8613800000019');
    await screenshot(page, `campaign-${shot}`);

    // The key-9 opt-out is on the do-not-call list at once, and the calls are in the manager's history as autonomous.
    await page.getByRole('tab', { name: tab }).click();
    await page.getByTestId('dnc-count').filter({ hasText: '2' }).waitFor();
    const calls = await (await app.core.store()).call('listCalls', { mode: 'auto', limit: 50 });
    expect(calls.map((c) => c.outcome).sort()).toEqual(['busy', 'completed', 'no_answer', 'opted_out']);
    expect(app.problems).toEqual([]);
  });
});

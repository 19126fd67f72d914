import { afterEach, describe, expect, inject, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';
import { zoneAt } from '../helpers/zones.ts';
import { openApp, screenshot, type AppUnderTest } from './browser.ts';

/**
 * Warm transfer on the Autopilot tab: with a SIP line, "Put callers who ask for a person through to (extension)" and
 * the hours reps take transfers; a phone that cannot be rung, or hours half given, are said next to their field
 * before anything is dialled; in English and Chinese.
 */
let app: AppUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe.each([
  { locale: 'en-US', tab: 'Autopilot', sip: 'SIP', field: 'Put callers who ask for a person through to (extension)', start: 'Start calling', badTo: "Write the rep's phone as an extension", badHours: 'Give both times', shot: 'en' },
  { locale: 'zh-CN', tab: '自动外呼', sip: 'SIP', field: '要求转人工的客户转接到（分机号）', start: '开始拨打', badTo: '请填写销售代表的电话', badHours: '请填写两个不同的时间', shot: 'zh-CN' },
])('the transfer fields of the campaign screen ($shot)', ({ locale, tab, sip, field, start, badTo, badHours, shot }) => {
  it('asks for the rep’s extension on a SIP line and says what is wrong with it by the field', async () => {
    app = await openApp(inject('webDir'), { locale, env: { CALLCUE_DATA_DIR: tempDir() }, model: 'fixture:micro' });
    const { page } = app;
    await page.getByRole('tab', { name: tab }).click();
    expect(await page.getByTestId('transfer-to').count()).toBe(0); // the virtual line rings no rep
    await page.locator('.campaign-setup input[type="file"]').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(`name,phone,timezone,language,plugin,consent_source,consent_date\nA,+8613800000010,${zoneAt(13)},en,insurance,web,2026-10-01\n`) });
    await page.getByTestId('leads-ready').filter({ hasText: '1' }).waitFor();
    await page.getByRole('radio', { name: new RegExp(sip) }).check();
    await page.locator('input[placeholder^="sip:callcue"]').fill('sip:callcue@pbx.example.com');
    await page.locator('input[type="password"]').fill('secret');
    const to = page.getByRole('textbox', { name: field });
    await to.fill('20 1');
    await page.getByRole('button', { name: start }).click();
    await expect.poll(() => page.getByTestId('field-error').textContent()).toContain(badTo);
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    await to.fill('201');
    await page.locator('.campaign-setup input[type="time"]').first().fill('09:00');
    await page.getByRole('button', { name: start }).click();
    await expect.poll(() => page.getByTestId('field-error').textContent()).toContain(badHours);
    expect(app.core.campaigns.status().state).toBe('idle');
    await screenshot(page, `transfer-fields-${shot}`);
    expect(app.problems).toEqual([]);
  });
});

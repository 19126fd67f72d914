import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sha256File } from '../../main/base/hash.ts';
import { fixtureModel } from '../../main/asr/models/fixture.ts';
import { tempDir } from '../helpers/tmp.ts';
import { openApp, screenshot, type AppUnderTest } from './browser.ts';

let host: http.Server;
let app: AppUnderTest;

beforeAll(async () => {
  // A loopback model host standing in for the public one (publishes the sha256 as Hugging Face does).
  const body = fs.readFileSync(fixtureModel('micro'));
  const sha = await sha256File(fixtureModel('micro'));
  host = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Length': String(body.length), 'X-Linked-Etag': `"${sha}"` });
    res.end(body);
  });
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  app = await openApp(inject('webDir'), { locale: 'en-US', env: { CALLCUE_DATA_DIR: tempDir(), CALLCUE_MODELS_DIR: tempDir(), CALLCUE_MODEL_BASE_URL: base, CALLCUE_WHISPER_MODEL: '' } });
});
afterAll(async () => {
  await app?.close();
  host?.close();
});

describe('settings screen', () => {
  it('keeps changes, refuses nonsense, and downloads a verified model with progress', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await page.getByText(/Data folder:/).textContent()).toContain('callcue-');
    await page.getByLabel("Silence that ends the customer's turn (ms)").fill('900');
    await page.getByLabel('Keep call history for (days)').fill('30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    await page.getByLabel('Keep call history for (days)').fill('0');
    await page.getByRole('button', { name: 'Save' }).click();
    // Next to its field, in words: not zod's text by the Save button.
    await page.getByTestId('field-error').filter({ hasText: 'Must be at least 1.' }).waitFor();
    expect(await page.locator('.actions').textContent()).not.toMatch(/retentionDays|expected/);

    await page.locator('tr[data-model="tiny"]').getByRole('button', { name: 'Download' }).click();
    await page.locator('tr[data-model="tiny"]').getByText(/installed, sha256/).waitFor({ timeout: 30_000 });
    await page.locator('tr[data-model="tiny"] input[type="radio"]').check();
    await page.getByLabel('Keep call history for (days)').fill('30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await screenshot(page, 'settings-en');

    await page.reload();
    await page.getByRole('tab', { name: 'Settings' }).click();
    expect(await page.getByLabel("Silence that ends the customer's turn (ms)").inputValue()).toBe('900');
    expect(await page.locator('tr[data-model="tiny"] input[type="radio"]').isChecked()).toBe(true);
    expect(app.problems).toEqual([]);
  });
});

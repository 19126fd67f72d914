import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openApp, screenshot, type AppUnderTest } from './browser.ts';

let app: AppUnderTest;
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-shell-'));

beforeAll(async () => {
  app = await openApp(inject('webDir'), { locale: 'en-US', env: { CALLCUE_DATA_DIR: data } });
});
afterAll(async () => {
  await app?.close();
  fs.rmSync(data, { recursive: true, force: true });
});

describe('app shell in Chromium through the dev bridge', () => {
  it('shows the system check answered by the real doctor service', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'System check' }).click();
    await page.getByRole('heading', { name: 'System check' }).waitFor();
    const sqlite = page.locator('tr[data-check="sqlite"]');
    await sqlite.waitFor();
    expect(await sqlite.getAttribute('data-status')).toBe('ok');
    // The version comes from the real SQLite library, not from the page.
    expect(await sqlite.locator('td.found').textContent()).toMatch(/^SQLite 3\.\d+\.\d+, cipher /);
    expect(await page.locator('tr[data-check]').count()).toBe(8);
    await expect.poll(() => page.getByTestId('app-version').textContent()).toMatch(/Version 0\.1\.0 · linux-x64 · node/);
    await screenshot(page, 'shell-en');
  });

  it('switches language zh-CN <-> en by button and by keyboard, and remembers it', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '系统检查' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('tr[data-check="sqlite"] td.status').textContent()).toContain('就绪');
    await screenshot(page, 'shell-zh-CN');

    await page.reload();
    await page.getByRole('tab', { name: '系统检查' }).click();
    await page.getByRole('heading', { name: '系统检查' }).waitFor();

    await page.keyboard.press('Control+Shift+L');
    await page.getByRole('heading', { name: 'System check' }).waitFor();
    expect(await page.title()).toBe('CallCue');
  });

  it('re-runs the check on request, with progress shown', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Check again' }).click();
    await page.getByRole('button', { name: 'Check again' }).waitFor();
    expect(await page.locator('tr[data-check]').count()).toBe(8);
  });

  it('exposes only the contract to the page, and logs no errors or CSP violations', async () => {
    const { page } = app;
    const surface = await page.evaluate(() => ({
      api: Object.keys(window.callcue).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'),
    }));
    expect(surface.api).toEqual(['app', 'audio', 'calls', 'campaign', 'consent', 'dnc', 'doctor', 'models', 'on', 'plugins', 'reports', 'settings', 'team']);
    expect(await page.evaluate(() => Object.keys(window.callcue.app).sort())).toEqual(['compact', 'info', 'ready']);
    expect(surface.require).toBe('undefined');
    expect(surface.csp).toContain("script-src 'self'");
    const bad = await page.evaluate(async () => (await window.callcue.doctor.run({ checks: 'all' } as never)).ok);
    expect(bad).toBe(false);
    expect(app.problems).toEqual([]);
  });

  it('compact mode keeps only what to say next; the global hotkey reaches the page', async () => {
    const { page, core } = app;
    await page.getByRole('button', { name: 'Compact' }).click();
    expect(await page.locator('.app').getAttribute('class')).toContain('compact');
    expect(await page.locator('.transcript').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Start call' }).isVisible()).toBe(true);
    await screenshot(page, 'compact-en');
    await page.getByRole('button', { name: 'Full window' }).click();
    expect(await page.locator('.transcript').isVisible()).toBe(true);
    // Ctrl/Cmd+Shift+Enter in the desktop app publishes this; no call starts without consent, so the dialog opens.
    core.hub.publish('app.command', { command: 'toggleCall' });
    await page.getByRole('dialog').waitFor();
    await page.getByRole('button', { name: 'Not now' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('opens in Chinese when the OS locale is Chinese', async () => {
    const zh = await openApp(inject('webDir'), { locale: 'zh-CN' });
    try {
      await zh.page.getByRole('tab', { name: '通话记录' }).waitFor();
      await zh.page.getByRole('button', { name: '开始通话' }).waitFor();
    } finally {
      await zh.close();
    }
    expect(fs.existsSync('test/artifacts/shell-zh-CN.png')).toBe(true);
  });
});

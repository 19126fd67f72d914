import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedCalls } from '../fixtures/calls.ts';
import { openApp, screenshot, type AppUnderTest } from './browser.ts';

let app: AppUnderTest;
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-dashboard-'));

beforeAll(async () => {
  app = await openApp(inject('webDir'), { locale: 'en-US', env: { CALLCUE_DATA_DIR: data } });
  // 200 calls over the last 25 days, through the store API the services use.
  await seedCalls(await app.core.store(), { count: 200, start: Date.now() - 25 * 86_400_000 });
});
afterAll(async () => {
  await app?.close();
  fs.rmSync(data, { recursive: true, force: true });
});

describe('manager dashboard, history and export in Chromium', () => {
  it('shows key figures and four ECharts charts, in English and Chinese', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await expect.poll(() => page.locator('[data-kpi="calls"] strong').textContent()).toBe('200');
    for (const name of ['funnel', 'objections', 'byDay', 'byPlugin']) await page.locator(`[data-chart="${name}"] svg`).waitFor();
    expect(await page.locator('[data-chart="funnel"]').textContent()).toContain('Greeting: 200');
    await screenshot(page, 'dashboard-en');

    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '数据看板' }).waitFor();
    await expect.poll(() => page.locator('[data-chart="funnel"]').textContent()).toContain('问候: 200');
    expect(await page.locator('[data-chart="objections"]').textContent()).toMatch(/嫌贵|不需要|不信任|现在不方便/);
    await screenshot(page, 'dashboard-zh-CN');
    await page.getByRole('button', { name: 'English' }).click();
  });

  it('filters by outcome and by date range; an empty range says so', async () => {
    const { page } = app;
    await page.locator('select[data-filter="outcome"]').selectOption('opted_out');
    await page.getByRole('button', { name: 'Apply' }).click();
    const optOuts = Number(await page.locator('[data-kpi="optOuts"] strong').textContent());
    await expect.poll(async () => Number(await page.locator('[data-kpi="calls"] strong').textContent())).toBe(optOuts);
    expect(optOuts).toBeGreaterThan(0);
    expect(optOuts).toBeLessThan(200);
    await page.locator('select[data-filter="outcome"]').selectOption('');
    await page.locator('input[data-filter="from"]').fill('2020-01-01');
    await page.locator('input[data-filter="to"]').fill('2020-01-31');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No calls in this period.').waitFor();
  });

  it('exports the selection from the screen, with the figures of the store', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await expect.poll(() => page.locator('[data-kpi="calls"] strong').textContent()).toBe('200');
    await page.getByTestId('export-format').selectOption('json');
    await page.getByTestId('export').click();
    const status = page.getByTestId('export-status');
    await expect.poll(() => status.textContent()).toMatch(/^Saved 200 calls to .*\.json$/);
    const file = (await status.textContent())!.replace(/^Saved 200 calls to /, '');
    expect(path.dirname(file)).toBe(path.join(data, 'exports'));
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).calls).toHaveLength(200);
  });

  it('exports the dates the fields show: an unapplied inverted range is refused by the dates, in both languages; each export is a new file', async () => {
    const { page } = app;
    const exportsDir = path.join(data, 'exports');
    const before = fs.readdirSync(exportsDir);
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await expect.poll(() => page.locator('[data-kpi="calls"] strong').textContent()).toBe('200');
    // Typed, not applied: the figures still show the last 30 days.
    await page.locator('input[data-filter="from"]').fill('2026-10-31');
    await page.locator('input[data-filter="to"]').fill('2026-10-01');
    await page.getByTestId('export').click();
    const error = page.getByTestId('range-error');
    await expect.poll(() => error.textContent()).toBe('The start date is after the end date: nothing was exported.');
    expect(await page.locator('input[data-filter="from"]').getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
    await screenshot(page, 'export-range-en');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => error.textContent()).toBe('开始日期晚于结束日期：未导出任何内容。');
    await screenshot(page, 'export-range-zh-CN');
    await page.getByRole('button', { name: 'English' }).click();
    expect(fs.readdirSync(exportsDir)).toEqual(before);

    // Fixing a date clears the error; two exports within the minute make two files.
    await page.locator('input[data-filter="to"]').fill('');
    await error.waitFor({ state: 'detached' });
    await page.getByTestId('export-format').selectOption('csv');
    const saved: string[] = [];
    // The file the status names, once it is one not seen before.
    const newFile = async () => {
      const file = (await page.getByTestId('export-status').textContent())?.match(/^Saved 200 calls to (.*\.csv)$/)?.[1];
      return file && !saved.includes(file) ? file : null;
    };
    for (let i = 0; i < 2; i++) {
      await page.getByTestId('export').click();
      await expect.poll(newFile).not.toBeNull();
      saved.push((await newFile())!);
    }
    expect(fs.readdirSync(exportsDir).sort()).toEqual([...before, ...saved.map((f) => path.basename(f))].sort());
  });

  it('history: filter by intent, open a call summary with its objections, close with Escape', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'History' }).click();
    await page.locator('select[data-filter="intent"]').selectOption('objection_price');
    await page.getByRole('button', { name: 'Apply' }).click();
    const rows = page.locator('[data-testid="history"] tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    expect(await rows.count()).toBeLessThan(200);
    await rows.first().click();
    const detail = page.getByTestId('call-detail');
    await detail.getByText('Too expensive').first().waitFor();
    expect(await detail.textContent()).toMatch(/Talk time: you \d+\.\d s · customer \d+\.\d s/);
    await screenshot(page, 'call-detail-en');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    expect(app.problems).toEqual([]);
  });
});

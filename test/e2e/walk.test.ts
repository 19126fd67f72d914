import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { resources } from '../../locales/index.ts';
import type { CallEvent } from '../../preload/contract.ts';
import { seedCalls } from '../fixtures/calls.ts';
import { openApp, screenshot, type AppUnderTest } from './browser.ts';

/**
 * Words that stay as they are in the Chinese UI: product and format names, units, keys, model names, and the
 * identifiers a lead-list file must spell in English (its column names, IANA zones).
 */
const KEEP = new Set(
  [
    'CallCue', 'Whisper', 'SIP', 'CSV', 'UTF', 'XLSX', 'PDF', 'JSON', 'GPU', 'CPU', 'IT', 'AI', 'SQLite', 'Node', 'js', 'Electron', 'Excel', 'Latin', 'GBK', 'E',
    'SenseVoice', 'MB', 'MiB', 'sha256', 'Ctrl', 'Shift', 'Enter', 'P', 'L', 'tiny', 'base', 'small', 'ggml', 'bin', 'linux', 'x64', 'node', 'electron', 'sqleet', 'chacha20', 'aes256cbc', 'sqlcipher',
    'name', 'phone', 'timezone', 'region', 'language', 'plugin', 'consent_source', 'consent_date', 'Asia', 'Shanghai', 'transport', 'tls', 'udp', 'sip', 'callcue', 'pbx', 'example', 'com',
  ].map((w) => w.toLowerCase()),
);

/** Latin words left in Chinese text once paths, file names, addresses, commands, versions, hex digests and `theirs` (the OS's own device names) are set aside. */
export function untranslated(text: string, theirs: string[] = []): string[] {
  const stripped = theirs
    .reduce((t, name) => t.replaceAll(name, ' '), text)
    .replace(/\bv\d+(\.\d+)*\b/g, ' ')
    .replace(/postgres(?:ql)?:\/\/\S*/gi, ' ') // a team store address
    .replace(/(?:[A-Za-z]:)?[\\/][^\s，。：；（）()“”]+/g, ' ') // paths
    .replace(/\S+\.(?:bin|csv|json|xlsx|pdf|txt)\b/gi, ' ') // file names
    .replace(/sip:\S+/gi, ' ')
    .replace(/\bcallcue(?: [a-z][a-z0-9-]*)+/g, ' ') // a command to type is code, not prose
    .replace(/\b[0-9a-f]{8,}\b/gi, ' ');
  return [...stripped.matchAll(/[A-Za-z][A-Za-z0-9_]*/g)].map((m) => m[0]).filter((w) => !KEEP.has(w.toLowerCase()));
}

/** What the screen shows: visible text (SVG charts and a select's chosen option included), placeholders and titles. The language switch names each language in its own words. */
function shownText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || el.closest('.language-switch, option, script, style') || !el.checkVisibility({ visibilityProperty: true })) continue;
      if (node.textContent?.trim()) out.push(node.textContent.trim());
    }
    for (const select of document.querySelectorAll('select')) if (select.checkVisibility()) out.push(select.selectedOptions[0]?.text ?? '');
    for (const el of document.querySelectorAll('[placeholder], [title]')) {
      if (el.closest('.language-switch') || !el.checkVisibility()) continue;
      out.push(el.getAttribute('placeholder') ?? '', el.getAttribute('title') ?? '');
    }
    return out.filter(Boolean);
  });
}

/**
 * Seen on the call screen's files, which another change owns (CallAssist's suggestion tooltip "card: cards.objection_price",
 * CallDetail's "3.0 s" unit): listed so the walk guards every other screen now; remove each once fixed there.
 */

/** Folders that outlive one test (the app spans the file's tests), removed at the end. */
const dirs: string[] = [];
const tempDir = () => {
  dirs.push(fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-walk-')));
  return dirs.at(-1)!;
};

const header = 'name,phone,timezone,region,language,plugin,consent_source,consent_date';
/** A fake ggml model (the magic and some bytes): what the settings screen and the system check look at. */
function modelsWithBase(): string {
  const dir = tempDir();
  const body = Buffer.alloc(4096, 7);
  body.writeUInt32LE(0x67676d6c, 0);
  fs.writeFileSync(path.join(dir, 'ggml-base.bin'), body);
  return dir;
}

const apps: AppUnderTest[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe.each([
  // English without a model (what a new PC shows), Chinese with the base model in the models folder.
  { locale: 'en-US', lang: 'en' as const, models: () => tempDir() },
  { locale: 'zh-CN', lang: 'zh-CN' as const, models: modelsWithBase },
])('every screen in $lang', ({ locale, lang, models }) => {
  const s = resources[lang].translation;
  let app: AppUnderTest;
  /** Untranslated words seen, by screen; checked for Chinese only. */
  const found: Record<string, string[]> = {};
  const look = async (screen: string) => {
    await screenshot(app.page, `walk-${screen}-${lang}`);
    if (lang !== 'zh-CN') return;
    const devices = (await app.core.doctor.run(['audio'])).checks[0]!.details.devices as { label: string }[] | undefined;
    const theirs = (devices ?? []).map((d) => d.label).filter(Boolean);
    found[screen] = [...new Set((await shownText(app.page)).flatMap((text) => untranslated(text, theirs)))];
  };
  const tab = (name: keyof typeof s.app.tab) => app.page.getByRole('tab', { name: s.app.tab[name] }).click();

  it('call screen: idle, live and ended', { timeout: 60_000 }, async () => {
    app = await openApp(inject('webDir'), { locale, env: { CALLCUE_DATA_DIR: tempDir(), CALLCUE_MODELS_DIR: models(), CALLCUE_WHISPER_MODEL: '' } });
    apps.push(app);
    const { page, core } = app;
    await seedCalls(await core.store(), { count: 40, start: Date.now() - 10 * 86_400_000, spacingMs: 5 * 3_600_000 });
    await page.getByRole('button', { name: s.call.start }).waitFor();
    await look('call-idle');
    // Main's events from the real brain through the real hub, as a call session sends them.
    const brain = (await core.brains.brain('insurance')).startCall({ language: lang, mode: 'assist', timeZone: 'Asia/Shanghai' });
    const publish = (events: CallEvent[]) => events.forEach((e) => core.hub.publish('call.event', e));
    publish([{ type: 'started', callId: 'walk', asr: 'whisper ggml-base.bin' }, { type: 'opening', state: brain.state, suggestions: brain.opening() }]);
    const text = lang === 'en' ? "that's too expensive for me" : '太贵了，买不起';
    const { nlu, ...turn } = await brain.hearCustomer(text);
    publish([
      { type: 'transcript', kind: 'final', id: 'c1', channel: 'customer', text, t0: 0, t1: 1, asr: 'whisper ggml-base.bin' },
      { type: 'turn', id: 'c1', speech_stop_to_suggestion_ms: 640, eot_to_suggestion_ms: 40, speech_stop_to_shown_ms: 640, asr: 'whisper ggml-base.bin', intent: nlu.intent, confidence: nlu.confidence, language: nlu.language, ...turn },
    ]);
    await page.getByTestId('intent').waitFor();
    await look('call-live');
    publish([{ type: 'ended', callId: 'walk', outcome: 'not_interested', state: 'wrap_up', turns: 1, speech_stop_to_suggestion_ms: [640], eot_to_suggestion_ms: [40], speech_stop_to_shown_ms: [640], prepared: { confirmed: 0, replaced: 0 } }]);
    await page.getByRole('button', { name: s.call.start }).waitFor();
    await look('call-ended');
  });

  it('history and a call summary', async () => {
    const { page } = app;
    await tab('history');
    const rows = page.locator('[data-testid="history"] tbody tr');
    await rows.first().waitFor();
    // The call's language is named in the UI language (not `en` / `zh-CN`).
    const languages = new Set(await rows.locator('td:nth-child(4)').allTextContents());
    expect([...languages].sort()).toEqual([s.reports.language.en, s.reports.language['zh-CN']].sort());
    await look('history');
    await rows.first().click();
    await page.getByTestId('call-detail').waitFor();
    await look('call-summary');
    await page.keyboard.press('Escape');
  });

  it('dashboard: charts, and a tooltip on hover without a CSP violation', async () => {
    const { page } = app;
    await tab('dashboard');
    for (const name of ['funnel', 'objections', 'byDay', 'byPlugin']) await page.locator(`[data-chart="${name}"] svg`).waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { violations: string[] };
      w.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.violations.push(e.violatedDirective));
    });
    const chart = page.locator('[data-chart="byDay"]');
    const texts = () => chart.locator('svg text').count();
    const before = await texts();
    // The mouse reaches only what is on screen: the chart may sit below the fold.
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    // Across the plot until a tooltip shows (a day's column catches the axis pointer).
    for (let x = box.x + 60; x < box.x + box.width - 20 && (await texts()) === before; x += 25) {
      await page.mouse.move(x, box.y + box.height / 2);
      await page.waitForTimeout(100);
    }
    expect(await texts()).toBeGreaterThan(before);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    await look('dashboard');
  });

  it('campaign: row errors, an empty list, a bad do-not-call file and a bad SIP account, each in the UI language', async () => {
    const { page } = app;
    await tab('campaign');
    const pick = page.locator('.campaign-setup input[type="file"]');
    await pick.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\nA,12345,Asia/Shanghai,,en,insurance,web,2026-10-01\n`) });
    await page.getByTestId('lead-errors').filter({ hasText: s.campaign.rowError.phone }).waitFor();
    await look('campaign-rows');
    for (const [name, body] of [['empty.csv', ''], ['header.csv', `${header}\n`]] as const) {
      await pick.setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(body) });
      await page.getByTestId('lead-errors').filter({ hasText: s.campaign.importError.empty }).waitFor();
    }
    const dnc = page.getByTestId('dnc');
    await dnc.getByRole('textbox').fill('+8613800000038');
    await dnc.getByRole('button', { name: s.campaign.dnc.add }).click();
    await dnc.locator('.status.ok').waitFor();
    // One number: singular in English.
    if (lang === 'en') expect(await page.getByTestId('dnc-count').textContent()).toBe('1 number never to be called');
    await dnc.locator('input[type="file"]').setInputFiles({ name: 'dnc.txt', mimeType: 'text/plain', buffer: Buffer.from('+8613800000039\nnot a number\n') });
    await dnc.getByRole('alert').filter({ hasText: s.campaign.dnc.badLines.split('{{')[0]!.slice(0, 8) }).waitFor();
    // The failure replaces the last answer: no green "1 added" beside it.
    expect(await dnc.locator('.status.ok').count()).toBe(0);

    await page.getByRole('radio', { name: s.campaign.sipLine }).check();
    await page.getByLabel(s.campaign.sipAccount).fill('callcue@pbx');
    await page.getByLabel(s.campaign.password).fill('secret');
    await pick.setInputFiles({ name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\nA,+8613800000010,Asia/Shanghai,,en,insurance,web,2026-10-01\n`) });
    await page.getByRole('button', { name: s.campaign.start }).click();
    const error = page.getByTestId('field-error');
    await error.filter({ hasText: s.campaign.errors.sipAccount }).waitFor();
    expect(await page.getByLabel(s.campaign.sipAccount).getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
    expect(await page.locator('.campaign').textContent()).not.toMatch(/\^|\\s|regex|Invalid/);
    await look('campaign-errors');
  });

  it('settings: the model in use, and an error next to its field', async () => {
    const { page } = app;
    await tab('settings');
    await page.getByRole('heading', { name: s.settings.title }).waitFor();
    if (lang === 'zh-CN') {
      expect(await page.locator('tr[data-model="base"] input[type="radio"]').isChecked()).toBe(true);
      expect(await page.getByTestId('model-in-use').textContent()).toBe(s.settings.inUse.replace('{{model}}', 'base'));
    } else {
      expect(await page.getByTestId('model-in-use').textContent()).toBe(s.settings.noneInUse);
    }
    await page.getByLabel(s.settings.retention).fill('0');
    await page.getByRole('button', { name: s.settings.save }).click();
    const error = page.getByTestId('field-error');
    await error.filter({ hasText: s.app.invalid.tooSmall.replace('{{min}}', '1') }).waitFor();
    expect(await page.getByLabel(s.settings.retention).getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
    await look('settings');
  });

  it('system check: never "ready" without a model, and what to click', async () => {
    const { page } = app;
    await tab('system');
    const model = page.locator('tr[data-check="model"]');
    await model.waitFor();
    const summary = page.getByTestId('doctor-summary');
    if (lang === 'en') {
      expect(await summary.getAttribute('class')).not.toContain('ok');
      expect(await summary.textContent()).not.toBe(s.doctor.summary.ok);
      expect(await model.locator('td.hint').textContent()).toBe(s.doctor.action.modelMissing);
    } else {
      expect(await model.getAttribute('data-status')).toBe('ok');
    }
    // Advice for a rep: no folders, variables or commands.
    expect(await page.locator('td.hint').allTextContents()).not.toEqual(expect.arrayContaining([expect.stringMatching(/CALLCUE_|npm |callcue |--/)]));
    await look('system');
    expect(app.problems).toEqual([]);
  });

  // Only a Chinese screen can hold English that should not be there.
  if (lang === 'zh-CN') it('shows no untranslated words on any screen', () => {
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((screen) => [screen, []])));
  });
});

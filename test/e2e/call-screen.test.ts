import { afterEach, describe, expect, inject, it } from 'vitest';
import type { CallEvent } from '../../preload/contract.ts';
import { resources } from '../../locales/index.ts';
import type { CallBrain } from '../../main/brain/index.ts';
import { tempDir } from '../helpers/tmp.ts';
import { openApp, screenshot, type AppUnderTest } from './browser.ts';

let app: AppUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A customer turn as the call session reports it (main/call/session.ts), from the real brain's result. */
async function customerTurn(brain: CallBrain, id: string, text: string): Promise<CallEvent[]> {
  const { nlu, ...rest } = await brain.hearCustomer(text);
  return [
    { type: 'transcript', kind: 'final', id, channel: 'customer', text, t0: 0, t1: 1, asr: 'reference' },
    { type: 'turn', id, speech_stop_to_suggestion_ms: 640, eot_to_suggestion_ms: 40, speech_stop_to_shown_ms: 640, asr: 'reference', intent: nlu.intent, confidence: nlu.confidence, language: nlu.language, ...rest },
  ];
}

describe.each([
  { locale: 'en-US', lang: 'en' as const, guess: 'my cousin sells cars', objection: "that's way too expensive for me", again: 'and another thing', shot: 'en' },
  { locale: 'zh-CN', lang: 'zh-CN' as const, guess: '今天天气不错', objection: '太贵了，买不起', again: '还有一件事', shot: 'zh-CN' },
])('the call screen in Chromium ($shot)', ({ locale, lang, guess, objection, again, shot }) => {
  const strings = resources[lang].translation;

  it('labels intents in the UI language, warns on a low-confidence guess, marks suggestions stale when the customer speaks again, and fits compact mode', { timeout: 60_000 }, async () => {
    app = await openApp(inject('webDir'), { locale, env: { CALLCUE_DATA_DIR: tempDir() } });
    const { page, core } = app;
    await page.getByRole('button', { name: strings.call.start }).waitFor();
    // Main's events come from the real brain through the real event hub, as a call session would send them.
    const brain = (await core.brains.brain('insurance')).startCall({ language: lang, mode: 'assist', timeZone: 'Asia/Shanghai' });
    const publish = (events: CallEvent[]) => events.forEach((e) => core.hub.publish('call.event', e));
    publish([
      { type: 'started', callId: 'call-e2e', asr: 'reference' },
      { type: 'opening', state: brain.state, suggestions: brain.opening() },
    ]);

    publish(await customerTurn(brain, 'c1', guess));
    const chip = page.getByTestId('intent');
    await chip.waitFor();
    const intent = (await chip.getAttribute('data-intent'))!;
    expect(await chip.textContent()).toContain(strings.reports.intent[intent as keyof typeof strings.reports.intent]);
    expect(await chip.textContent()).not.toContain('_');
    await page.getByTestId('low-confidence').waitFor();
    // The playbook did not move on the guess.
    expect(await page.getByTestId('call-state').textContent()).toBe(strings.call.stage.greeting);
    await screenshot(page, `call-screen-unsure-${shot}`);

    publish(await customerTurn(brain, 'c2', objection));
    await page.locator('[data-intent="objection_price"]').waitFor();
    expect(await chip.textContent()).toContain(strings.reports.intent.objection_price);
    expect(await page.getByTestId('low-confidence').count()).toBe(0);
    expect(await page.getByTestId('suggestions-stale').count()).toBe(0);

    // The customer speaks again: the lines on screen answer the previous turn until the brain answers this one.
    publish([{ type: 'transcript', kind: 'partial', id: 'c3', channel: 'customer', text: again, t0: 2, t1: 3, asr: 'reference' }]);
    await page.getByTestId('suggestions-stale').waitFor();
    expect(await page.locator('ol.suggestions.stale li').count()).toBeGreaterThan(0);
    await screenshot(page, `call-screen-stale-${shot}`);

    // Their words so far, previewed by the brain: prepared lines replace the stale ones, marked, before the turn ends;
    // the turn confirms them, and the rep is told they were there before the customer stopped.
    const preview = await brain.preview(again);
    publish([{ type: 'prepared', id: 'c3', intent: preview.nlu.intent, confidence: preview.nlu.confidence, ...(preview.lowConfidence && { lowConfidence: true as const }), state: preview.state, goal: preview.goal, suggestions: preview.suggestions, card: preview.card, compliance: preview.compliance }]);
    await page.getByTestId('suggestions-prepared').waitFor();
    expect(await page.getByTestId('suggestions-prepared').textContent()).toBe(strings.call.prepared);
    expect(await page.getByTestId('suggestions-stale').count()).toBe(0);
    expect(await page.locator('ol.suggestions.prepared li').first().textContent()).toContain(preview.suggestions[0]!.text);
    await screenshot(page, `call-screen-prepared-${shot}`);
    const [said, turn] = await customerTurn(brain, 'c3', again);
    publish([said!, { ...(turn as Extract<CallEvent, { type: 'turn' }>), speech_stop_to_shown_ms: -300, prepared: 'confirmed' }]);
    await page.getByTestId('suggestions-prepared').waitFor({ state: 'detached' });
    expect(await page.locator('.latency').textContent()).toContain(strings.call.readyBefore);

    // Recognition fell behind (the session's hearing event after a turn merged into the next): the rep is told by how much, and,
    // past 5% of turns without words, that hearing is failing.
    publish([{ type: 'hearing', behindMs: 3400, merged: 2, unheard: 2, turns: 6, alert: true }]);
    await page.getByTestId('asr-behind').waitFor();
    expect(await page.getByTestId('asr-behind').textContent()).toContain(strings.call.behind.replace('{{seconds}}', '3.4'));
    expect(await page.getByTestId('asr-behind').textContent()).toContain(strings.call.merged_other.replace('{{count}}', '2'));
    expect(await page.getByTestId('asr-health').textContent()).toContain('33%');
    await screenshot(page, `call-screen-behind-${shot}`);
    // The next turn heard in time clears the lag note; the health alert stays while the share is above the limit.
    publish([{ type: 'hearing', behindMs: 600, merged: 2, unheard: 2, turns: 7, alert: true }]);
    await page.getByTestId('asr-behind').waitFor({ state: 'detached' });
    expect(await page.getByTestId('asr-health').count()).toBe(1);

    // Compact mode, in the desktop app's compact window size: the customer's last words and the whole checklist fit.
    await page.setViewportSize({ width: 440, height: 640 });
    await page.getByRole('button', { name: strings.app.compact }).click();
    expect(await page.getByTestId('last-customer').textContent()).toBe(again);
    expect(await page.getByTestId('last-customer').isVisible()).toBe(true);
    const checklist = await page.locator('.checklist').boundingBox();
    expect(checklist!.y + checklist!.height).toBeLessThanOrEqual(640);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(640);
    await page.getByRole('button', { name: strings.call.end }).waitFor();
    await screenshot(page, `call-screen-compact-${shot}`);
    expect(app.problems).toEqual([]);
  });

  it('History: Enter opens a call summary that stays open, with date, business line and masked number; Esc closes it and focus returns', { timeout: 60_000 }, async () => {
    app = await openApp(inject('webDir'), { locale, env: { CALLCUE_DATA_DIR: tempDir() } });
    const { page, core } = app;
    const store = await core.store();
    const startedAt = Date.UTC(2026, 10, 25, 2, 30);
    await store.call('startCall', { id: 'call-phone', startedAt, mode: 'auto', plugin: 'insurance', language: lang, phone: '+8613812345678' });
    await store.call('endCall', { id: 'call-phone', endedAt: startedAt + 95_000, outcome: 'interested', finalState: 'closing' });

    await page.getByRole('tab', { name: strings.app.tab.history }).click();
    const row = page.locator('[data-testid="history"] tbody tr').first();
    await row.focus();
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('call-detail');
    await detail.waitFor();
    await page.waitForTimeout(500);
    expect(await detail.isVisible()).toBe(true);
    const facts = page.getByTestId('call-facts');
    await facts.waitFor();
    const text = (await facts.textContent())!;
    expect(text).toContain((await row.locator('td').first().textContent())!);
    expect(text).toContain(lang === 'en' ? 'Health & accident cover' : '健康与意外保障');
    expect(await page.getByTestId('call-phone').textContent()).toBe('+86•••••••5678');
    expect(text).not.toContain('13812345678');
    await screenshot(page, `call-summary-${shot}`);

    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    expect(await row.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(app.problems).toEqual([]);
  });
});

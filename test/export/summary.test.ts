import { describe, expect, it } from 'vitest';
import { maskPhone, parseRange, ReportService } from '../../main/export/index.ts';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('call summary and dashboard from stored metadata', () => {
  it('answers objections with the line used, the furthest stage, talk time, and the funnel', async () => {
    const dir = tempDir();
    const store = await MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) });
    try {
      const reports = new ReportService({ store: async () => store, pluginTitles: () => new Map(), printPdf: async () => Buffer.alloc(0), timeZone: 'Asia/Shanghai' });
      const t0 = Date.UTC(2026, 10, 24, 16, 30); // 00:30 on the 25th in Shanghai
      await store.call('startCall', { id: 'a', startedAt: t0, mode: 'auto', plugin: 'insurance', language: 'zh-CN', phone: '+8613812345678' });
      await store.call('recordTurn', { callId: 'a', channel: 'rep', startMs: 0, endMs: 3000 });
      const hi = await store.call('recordTurn', { callId: 'a', channel: 'customer', startMs: 3500, endMs: 4500, intent: 'affirm', confidence: 0.9, stateFrom: 'greeting', stateTo: 'product_intro' });
      await store.call('recordSuggestions', { callId: 'a', turnId: hi, shownAt: t0 + 4600, suggestions: [1, 2, 3].map((rank) => ({ rank, source: 'state', rule: 'states.product_intro.lines' })) });
      const price = await store.call('recordTurn', { callId: 'a', channel: 'customer', startMs: 9000, endMs: 11000, intent: 'objection_price', confidence: 0.8, stateFrom: 'product_intro', stateTo: 'objection_handling' });
      await store.call('recordSuggestions', { callId: 'a', turnId: price, shownAt: t0 + 11_100, suggestions: [1, 2, 3].map((rank) => ({ rank, source: 'card', rule: 'cards.objection_price' })) });
      await store.call('markSuggestionUsed', { callId: 'a', rank: 2, usedAt: t0 + 12_000 });
      await store.call('recordTurn', { callId: 'a', channel: 'customer', startMs: 15000, endMs: 16000, intent: 'objection_timing', stateFrom: 'objection_handling', stateTo: 'wrap_up' });
      await store.call('endCall', { id: 'a', endedAt: t0 + 20_000, outcome: 'not_interested', finalState: 'wrap_up' });
      await store.call('startCall', { id: 'b', startedAt: t0 + 60_000, mode: 'assist', plugin: 'insurance', language: 'en' });
      await store.call('endCall', { id: 'b', endedAt: t0 + 90_000, outcome: 'sale' });

      const a = await reports.callDetail('a');
      expect(a.call.phone).toBe('+86•••••••5678');
      expect(a.furthestStage).toBe('objection_handling');
      expect(a.objections).toEqual([
        { atMs: 9000, intent: 'objection_price', next: 'objection_handling', handledWith: { rank: 2, source: 'card', rule: 'cards.objection_price' } },
        { atMs: 15000, intent: 'objection_timing', next: 'wrap_up', handledWith: null },
      ]);
      expect(a.suggestions).toEqual({ shown: 6, used: 1 });
      expect(a.talk).toEqual({ repMs: 3000, customerMs: 4000, repShare: 3000 / 7000 });
      await expect(reports.callDetail('nope')).rejects.toThrow('No call nope in history.');

      const { view, charts } = await reports.dashboard({}, 'zh-CN');
      expect(view.kpis).toMatchObject({ calls: 2, converted: 1, conversionRate: 0.5, avgDurationMs: 25_000, suggestionsShown: 6, suggestionsUsed: 1, optOuts: 0 });
      expect(view.funnel).toEqual([
        { stage: 'greeting', calls: 2 },
        { stage: 'product_intro', calls: 1 },
        { stage: 'objection_handling', calls: 1 },
        { stage: 'closing', calls: 0 },
      ]);
      expect(view.objections.map((o) => [o.intent, o.count, o.converted])).toEqual([['objection_price', 1, 0], ['objection_timing', 1, 0]]);
      // Days are the report zone's: 00:30 in Shanghai is the 25th although it is the 24th in UTC.
      expect(view.byDay).toEqual([{ day: '2026-11-25', calls: 2, converted: 1, optOuts: 0 }]);
      expect(JSON.stringify(charts.objections)).toContain('嫌贵');
      expect((await reports.dashboard({ intent: 'objection_price' }, 'en')).view.kpis.calls).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('masks phone numbers, keeping the country prefix and the last four digits', () => {
    expect(maskPhone('+14155550123')).toBe('+14•••••0123');
    expect(maskPhone('+8613812345678')).toBe('+86•••••••5678');
    expect(maskPhone('+123')).toBe('•••');
    // A short number still hides at least half its digits.
    expect(maskPhone('+1234567')).toBe('+1••••67');
    expect(maskPhone('+123456789')).toBe('+1••••••89');
  });

  it('reads date ranges as whole days in the zone, across daylight saving', () => {
    // Europe/London: the 29th of March 2026 starts at 00:00 GMT and has 23 hours.
    const r = parseRange({ from: '2026-03-29', to: '2026-03-29', timeZone: 'Europe/London' });
    expect(new Date(r.from).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(new Date(r.to).toISOString()).toBe('2026-03-29T23:00:00.000Z');
    const s = parseRange({ from: '2026-11-01', to: '2026-11-25', timeZone: 'Asia/Shanghai' });
    expect(new Date(s.from).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(new Date(s.to).toISOString()).toBe('2026-11-25T16:00:00.000Z');
    const d = parseRange({ timeZone: 'UTC', now: Date.UTC(2026, 10, 25, 12) });
    expect([new Date(d.from).toISOString(), new Date(d.to).toISOString()]).toEqual(['2026-10-27T00:00:00.000Z', '2026-11-26T00:00:00.000Z']);
  });
});

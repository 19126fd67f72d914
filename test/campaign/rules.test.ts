import { describe, expect, it } from 'vitest';
import { parseDoNotCall, type Lead } from '../../main/campaign/leads.ts';
import { defaultRules, dialDecision } from '../../main/campaign/rules.ts';

const NOW = Date.UTC(2026, 10, 25, 12, 0); // 20:00 in Shanghai, 07:00 in New York, 12:00 in London

describe('do-not-call files', () => {
  it('reads do-not-call files and rejects what is not a number', () => {
    expect(parseDoNotCall('phone\n+8613800000001\n+1 (212) 555-0100\n\n')).toEqual(['+8613800000001', '+12125550100']);
    expect(() => parseDoNotCall('+8613800000001\n12345\n')).toThrow('The do-not-call list has 1 bad line, nothing was imported: line 2: "12345" is not an E.164 number');
    expect(() => parseDoNotCall('+8613800000001\n12345\n')).toThrow(expect.objectContaining({ key: 'campaign.dnc.badLines', vars: { lines: '2' } }));
    for (const empty of ['', 'phone\n', '\n\n']) expect(() => parseDoNotCall(empty)).toThrow(expect.objectContaining({ key: 'campaign.dnc.empty' }));
  });
});

describe('whether a lead may be dialled now', () => {
  const lead = (o: Partial<Lead> = {}): Lead => ({ line: 2, name: 'x', phone: '+8613800000001', timeZone: 'Asia/Shanghai', region: 'CN', language: 'zh-CN', plugin: 'insurance', consentSource: 'web', consentDate: '2026-10-01', ...o });
  const fresh = { count: 0, lastAt: null, lastOutcome: null };
  const decide = (l: Lead, o: Partial<Parameters<typeof dialDecision>[1]> = {}) => dialDecision(l, { now: NOW, doNotCall: false, attempts: fresh, rules: defaultRules, ...o });

  it('dials inside the callee’s own calling window only', () => {
    expect(decide(lead())).toEqual({ dial: true }); // 20:00 in Shanghai
    expect(decide(lead({ phone: '+12125550100', timeZone: 'America/New_York', region: 'US-NY' }))).toEqual({ dial: false, reason: 'outside_window', detail: '07:00 in America/New_York, window 08:00-21:00' });
    expect(decide(lead(), { now: NOW + 3_600_000 })).toMatchObject({ dial: false, reason: 'outside_window' }); // 21:00
    const evenings = { ...defaultRules, windows: { CN: { start: '09:00', end: '20:00' } } };
    expect(decide(lead(), { rules: evenings })).toMatchObject({ reason: 'outside_window', detail: '20:00 in Asia/Shanghai, window 09:00-20:00' });
  });

  it('never dials the do-not-call list, without consent, finished leads or over the attempts', () => {
    expect(decide(lead(), { doNotCall: true })).toMatchObject({ dial: false, reason: 'do_not_call' });
    expect(decide(lead({ consentSource: '' }))).toMatchObject({ reason: 'no_consent' });
    expect(decide(lead(), { attempts: { count: 1, lastAt: NOW - 86_400_000, lastOutcome: 'opted_out' } })).toMatchObject({ reason: 'finished' });
    expect(decide(lead(), { attempts: { count: 3, lastAt: NOW - 86_400_000, lastOutcome: 'no_answer' } })).toMatchObject({ reason: 'max_attempts' });
  });

  it('backs off by disposition before trying again', () => {
    expect(decide(lead(), { attempts: { count: 1, lastAt: NOW - 10 * 60_000, lastOutcome: 'busy' } })).toMatchObject({ reason: 'retry_later' });
    expect(decide(lead(), { attempts: { count: 1, lastAt: NOW - 31 * 60_000, lastOutcome: 'busy' } })).toEqual({ dial: true });
    expect(decide(lead(), { attempts: { count: 1, lastAt: NOW - 60 * 60_000, lastOutcome: 'no_answer' } })).toMatchObject({ reason: 'retry_later' });
  });
});

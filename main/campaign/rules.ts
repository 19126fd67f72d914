import { wallClock } from '../base/time.ts';
import type { Lead } from './leads.ts';

/** How a dialled call ended (the campaign's dispositions). */
export const dispositions = ['no_answer', 'busy', 'voicemail', 'voicemail_left', 'opted_out', 'callback_scheduled', 'interested', 'sale', 'failed', 'not_interested', 'completed', 'transferred', 'transfer_failed'] as const;
export type Disposition = (typeof dispositions)[number];

/** Dispositions after which a lead is never dialled again by the campaign. */
// A callee put through to a rep, or who asked for one and got a callback instead, is a person's to follow up now.
const FINAL = new Set<string>(['opted_out', 'callback_scheduled', 'interested', 'sale', 'not_interested', 'transferred', 'transfer_failed']);

export interface CallingWindow {
  /** Local time of the callee, HH:MM. */
  start: string;
  end: string;
}

export interface CampaignRules {
  window: CallingWindow;
  /** Per region (CN, US-CA...): overrides the default window. */
  windows: Record<string, CallingWindow>;
  maxAttempts: number;
  /** Minutes before a lead is tried again after each retryable disposition. */
  backoffMinutes: Partial<Record<Disposition, number>>;
}

export const defaultRules: CampaignRules = {
  window: { start: '08:00', end: '21:00' },
  windows: {},
  maxAttempts: 3,
  backoffMinutes: { no_answer: 120, busy: 30, voicemail: 240, voicemail_left: 24 * 60, failed: 60, completed: 24 * 60 },
};

export type SkipReason = 'do_not_call' | 'no_consent' | 'outside_window' | 'max_attempts' | 'retry_later' | 'finished';
export type DialDecision = { dial: true } | { dial: false; reason: SkipReason; detail: string };

/**
 * Whether a lead may be dialled now. Compliance first: a number on the do-not-call list, without recorded consent, or
 * outside its calling window in its own local time is never dialled; then the campaign's attempts and back-off.
 */
export function dialDecision(lead: Lead, o: { now: number; doNotCall: boolean; attempts: { count: number; lastAt: number | null; lastOutcome: string | null }; rules: CampaignRules }): DialDecision {
  if (o.doNotCall) return { dial: false, reason: 'do_not_call', detail: 'the number is on the do-not-call list' };
  if (!lead.consentSource || !lead.consentDate || Date.parse(`${lead.consentDate}T00:00:00Z`) > o.now) return { dial: false, reason: 'no_consent', detail: 'no recorded consent' };
  if (o.attempts.lastOutcome && FINAL.has(o.attempts.lastOutcome)) return { dial: false, reason: 'finished', detail: `already ${o.attempts.lastOutcome}` };
  if (o.attempts.count >= o.rules.maxAttempts) return { dial: false, reason: 'max_attempts', detail: `${o.attempts.count} of ${o.rules.maxAttempts} attempts made` };
  const backoff = o.rules.backoffMinutes[o.attempts.lastOutcome as Disposition] ?? 0;
  if (o.attempts.lastAt !== null && o.now < o.attempts.lastAt + backoff * 60_000) {
    return { dial: false, reason: 'retry_later', detail: `next try after ${new Date(o.attempts.lastAt + backoff * 60_000).toISOString()}` };
  }
  const window = (lead.region && (o.rules.windows[lead.region] ?? o.rules.windows[lead.region.split('-')[0]!])) || o.rules.window;
  const local = wallClock(lead.timeZone)(o.now).time.slice(0, 5);
  if (local < window.start || local >= window.end) return { dial: false, reason: 'outside_window', detail: `${local} in ${lead.timeZone}, window ${window.start}-${window.end}` };
  return { dial: true };
}

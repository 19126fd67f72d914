import { wallClock } from '../base/time.ts';
import type { CallingWindow } from './rules.ts';

/**
 * Warm transfer: a callee who asks for a person, or is ready to buy, is put through to a rep of the team while the
 * campaign's transfer hours say one is there. The bot says so, calls the rep's phone through the same SIP account,
 * and, once the rep answers, connects the two calls itself (RTP relayed both ways, telephony/bridge.ts): this works on
 * any PBX, with no REFER/Replaces support needed, at the cost of the media staying on this PC until the call ends.
 * No rep (busy, not answering, not registered, outside the hours): the bot comes back and books the callback as it
 * always did, and the call is `transfer_failed`.
 */
export interface TransferOptions {
  /** The rep's phone: a SIP URI (sip:201@pbx.example.com) or an extension on the line's domain (201). */
  to: string;
  /** When reps take transfers, in `timeZone` (the team's, not the callee's); default: any time. */
  hours?: CallingWindow & { timeZone: string };
  /** How long the rep's phone rings before the bot gives up on it. */
  ringSeconds?: number;
}

/** 20 s: about four rings, and a callee on hold does not wait much longer in silence. */
export const TRANSFER_RING_SECONDS = 20;

/** The callee's intents that ask for a person (or for the sale a person closes). */
export function wantsPerson(intent: string | undefined): boolean {
  return intent === 'ask_human' || intent === 'ready_to_buy';
}

/** Whether reps take transfers at `now` (epoch ms). A window that ends before it starts spans midnight. */
export function repsOnDuty(o: TransferOptions, now: number): boolean {
  if (!o.hours) return true;
  const time = wallClock(o.hours.timeZone)(now).time.slice(0, 5);
  const { start, end } = o.hours;
  return start <= end ? time >= start && time < end : time >= start || time < end;
}

/** What the bot says before putting the callee on hold. */
export function transferLine(language: 'en' | 'zh-CN'): string {
  return language === 'zh-CN' ? '好的，我帮您转接一位同事，请稍等。' : 'Of course. Let me connect you with a colleague, one moment please.';
}

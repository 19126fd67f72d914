import { TIME_OF_DAY, TRANSFER_TARGET } from '../../preload/contract.ts';
import { CallcueError } from '../base/errors.ts';
import { checkTimeZone, wallClock } from '../base/time.ts';
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

/**
 * The campaign's transfer setting from what the operator typed (`--transfer-to`, `--transfer-hours HH:MM-HH:MM`,
 * `--transfer-zone`, or the campaign screen's fields): undefined without a rep's phone. Only a SIP line can ring a
 * rep, so a transfer on the virtual line is refused rather than silently never tried. Hours are read in `timeZone`,
 * by default this PC's own zone (where the reps sit). Each bad value is one keyed error naming its field.
 */
export function transferSetting(o: { to?: string; hours?: string | CallingWindow; timeZone?: string; line: string; ringSeconds?: number }): TransferOptions | undefined {
  if (o.to === undefined) {
    if (o.hours !== undefined || o.timeZone !== undefined) throw new CallcueError('usage', '--transfer-hours and --transfer-zone go with --transfer-to (the rep\'s extension or SIP URI).', { key: 'campaign.errors.transferTo', field: 'transferTo' });
    return undefined;
  }
  const to = o.to.trim();
  if (to.length > 300 || !TRANSFER_TARGET.test(to)) throw new CallcueError('usage', `--transfer-to must be an extension like 201 or a SIP URI like sip:201@pbx.example.com, not "${o.to}".`, { key: 'campaign.errors.transferTo', field: 'transferTo' });
  if (o.line === 'virtual') throw new CallcueError('usage', '--transfer-to needs a SIP line (--line sip:USER@HOST): the virtual line has no rep to ring.', { key: 'campaign.errors.transferLine', field: 'transferTo' });
  let hours: CallingWindow | undefined;
  if (typeof o.hours === 'string') {
    const m = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(o.hours.trim());
    hours = m ? { start: m[1]!, end: m[2]! } : { start: '', end: '' };
  } else hours = o.hours;
  if (hours && (!TIME_OF_DAY.test(hours.start) || !TIME_OF_DAY.test(hours.end) || hours.start === hours.end)) {
    throw new CallcueError('usage', `--transfer-hours must be two different times HH:MM-HH:MM, like 09:00-18:00 (22:00-02:00 spans midnight), not "${typeof o.hours === 'string' ? o.hours : `${hours.start}-${hours.end}`}".`, { key: 'campaign.errors.transferHours', field: 'transferHours' });
  }
  if (o.timeZone !== undefined && !hours) throw new CallcueError('usage', '--transfer-zone goes with --transfer-hours (the zone the hours are read in).', { key: 'campaign.errors.transferHours', field: 'transferHours' });
  let timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    if (o.timeZone !== undefined) timeZone = checkTimeZone(o.timeZone);
  } catch {
    throw new CallcueError('usage', `--transfer-zone must be an IANA time zone such as Asia/Shanghai or Europe/London, not "${o.timeZone}".`, { key: 'campaign.errors.transferHours', field: 'transferHours' });
  }
  return { to, ...(hours && { hours: { ...hours, timeZone } }), ...(o.ringSeconds !== undefined && { ringSeconds: o.ringSeconds }) };
}

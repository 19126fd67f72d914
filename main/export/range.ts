import { CallcueError } from '../base/errors.ts';
import { checkTimeZone, wallClock } from '../base/time.ts';

export { checkTimeZone };

const DAY = 86_400_000;


/** Midnight starting a calendar day in a time zone, as epoch ms. */
function zonedMidnight(y: number, m: number, d: number, timeZone: string): number {
  const clock = wallClock(timeZone);
  const guess = Date.UTC(y, m - 1, d);
  const offsetAt = (ms: number) => {
    const [sign, hh, mm] = clock(ms).offset.match(/([+-])(\d\d):(\d\d)/)?.slice(1) ?? ['+', '00', '00'];
    return (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm)) * 60_000;
  };
  // Twice, so a day that starts next to a daylight-saving change lands on its own offset.
  const first = guess - offsetAt(guess);
  return guess - offsetAt(first);
}

/** A range a user gave that cannot be read: the CLI prints the message, the screen shows the key by its date fields. */
const badRange = (message: string, key: string, vars?: Record<string, string>) => new CallcueError('invalid_range', message, { key, vars });
const badDate = (message: string, value: string) => badRange(message, 'reports.filters.badDate', { value });
const inverted = (message: string) => badRange(message, 'reports.filters.inverted');

/** A date (YYYY-MM-DD, a whole day in the zone) or an ISO date-time; `end` makes a date mean the end of that day. */
function parseInstant(text: string, timeZone: string, end: boolean, flag: string): number {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) {
    const [y, m, d] = day.slice(1).map(Number) as [number, number, number];
    const probe = new Date(Date.UTC(y, m - 1, d));
    if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) throw badDate(`${flag} ${text} is not a calendar date.`, text);
    if (!end) return zonedMidnight(y, m, d, timeZone);
    // The end of a day is the next day's midnight: a daylight-saving day has 23 or 25 hours.
    const next = new Date(Date.UTC(y, m - 1, d + 1));
    return zonedMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone);
  }
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw badDate(`${flag} must be a date like 2026-11-25 or a date-time like 2026-11-25T18:00+08:00, not "${text}".`, text);
  return ms;
}

/** `--from`/`--to` as [from, to) epoch ms: dates are whole days in the zone, both inclusive; by default the last 30 days. */
export function parseRange(options: { from?: string; to?: string; timeZone: string; now?: number }): { from: number; to: number } {
  const now = options.now ?? Date.now();
  const today = wallClock(options.timeZone)(now).date;
  const to = parseInstant(options.to ?? today, options.timeZone, true, '--to');
  const from = options.from ? parseInstant(options.from, options.timeZone, false, '--from') : to - 30 * DAY;
  if (from >= to) throw inverted(`--from (${options.from}) must be before --to (${options.to ?? today}).`);
  return { from, to };
}

/**
 * The screen's date fields, exactly as shown (applied or not): whole days in the page's zone, both inclusive, '' open.
 * An inverted or unreadable range is refused, never replaced by an earlier selection.
 */
export function shownRange(shown: { from: string; to: string }, timeZone: string): { from?: number; to?: number } {
  const from = shown.from ? parseInstant(shown.from, timeZone, false, 'From') : undefined;
  const to = shown.to ? parseInstant(shown.to, timeZone, true, 'To') : undefined;
  if (from !== undefined && to !== undefined && from >= to) throw inverted(`From (${shown.from}) must be on or before To (${shown.to}).`);
  // An open end is left out, not undefined: the store binds an undefined bound as NULL, which matches no call.
  return { ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
}

/** The range as people read it: first and last day, inclusive, with the zone. */
export function describeRange(range: { from?: number; to?: number }, timeZone: string): string {
  const clock = wallClock(timeZone);
  const first = range.from === undefined ? '…' : clock(range.from).date;
  const last = range.to === undefined ? '…' : clock(range.to - 1).date;
  return `${first} – ${last} (${timeZone})`;
}

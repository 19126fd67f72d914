import * as chrono from 'chrono-node';
import type { Language } from '../../language.ts';
import type { Entity } from './types.ts';

const parsers: Record<Language, chrono.Chrono> = { en: chrono.en.casual, 'zh-CN': chrono.zh.hans.casual };

const hourWords = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const SPELLED_HOUR = new RegExp(`\\b(at|around|after|before|by)\\s+(${hourWords.join('|')})\\b|\\b(${hourWords.join('|')})(?=\\s*(o'?clock|in the (morning|afternoon|evening)|[ap]\\.?m\\b|thirty|fifteen|forty-five))`, 'gi');

/** "at three in the afternoon" -> "at 3 in the afternoon": chrono reads hours in digits only (speech comes either way). */
function digitHours(text: string): string {
  return text.replace(SPELLED_HOUR, (match, prep: string | undefined, word1: string | undefined, word2: string | undefined) => {
    const hour = hourWords.indexOf((word1 ?? word2)!.toLowerCase()) + 1;
    return prep ? `${prep} ${hour}` : String(hour);
  });
}

/** Wall-clock parts of an instant in a time zone. */
function wallClock(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(instant)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  return parts;
}

/** `2026-11-26T15:00:00+08:00`: a wall-clock time in a zone, with that zone's offset at that moment. */
export function zonedIso(parts: { year: number; month: number; day: number; hour: number; minute: number }, timeZone: string): string {
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  // The zone's offset at (about) that moment; a second pass settles DST edges.
  let offset = 0;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(asUtc - offset), timeZone);
    offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - (asUtc - offset);
  }
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset) / 60_000;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${parts.year}-${pad(parts.month)}-${pad(parts.day)}T${pad(parts.hour)}:${pad(parts.minute)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * Dates and times for callbacks (明天下午三点, tomorrow at 3pm), resolved in the customer's time zone.
 * chrono reads relative words against the machine's local clock, so it gets a reference whose local wall clock
 * is the customer's; an hour said without am/pm between 1 and 7 is taken as afternoon (calls happen by day).
 */
export function extractDateTime(text: string, language: Language, now: Date, timeZone: string): Entity[] {
  const w = wallClock(now, timeZone);
  const reference = new Date(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  // A callback needs a day or a time; "40 years (old)" is an age, not a date.
  const callbackLike = (r: chrono.ParsedResult) =>
    ['day', 'weekday', 'hour'].some((c) => r.start.isCertain(c as chrono.Component)) && !/^\s*old\b/i.test(said.slice(r.index + r.text.length));
  const said = language === 'en' ? digitHours(text) : text;
  return parsers[language].parse(said, reference, { forwardDate: true }).filter(callbackLike).map((result) => {
    const c = result.start;
    let hour = c.get('hour') ?? 9;
    if (c.isCertain('hour') && !c.isCertain('meridiem') && hour >= 1 && hour <= 7) hour += 12;
    const value = zonedIso({ year: c.get('year')!, month: c.get('month')!, day: c.get('day')!, hour, minute: c.get('minute') ?? 0 }, timeZone);
    return { entity: 'datetime', value, text: result.text, timezone: timeZone };
  });
}

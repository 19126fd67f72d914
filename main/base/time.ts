import { CallcueError } from './errors.ts';

/** Checks a time zone name ("Asia/Shanghai"); an unknown one is a usage error. */
export function checkTimeZone(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw new CallcueError('usage', `Unknown time zone "${timeZone}" (use an IANA name such as Asia/Shanghai or Europe/London).`);
  }
}

/** Wall-clock parts of an instant in a time zone (what the manager's calendar shows). */
export function wallClock(timeZone: string): (ms: number) => { date: string; time: string; offset: string } {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset',
  });
  return (ms) => {
    const p = Object.fromEntries(format.formatToParts(ms).map((x) => [x.type, x.value])) as Record<string, string>;
    return {
      date: `${p.year}-${p.month}-${p.day}`,
      time: `${p.hour}:${p.minute}:${p.second}`,
      offset: p.timeZoneName!.replace('GMT', '') || '+00:00',
    };
  };
}

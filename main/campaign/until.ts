import { CallcueError } from '../base/errors.ts';

const HOUR = 3_600_000;

/**
 * "Run until 06:00": the next time the PC's clock shows it (epoch ms). In the repeated hour of an autumn clock change
 * the wall clock shows 02:30 twice; Date picks the first, so the second, an hour later, is tried too before a day is
 * added (otherwise `--until 02:45` given at the second 02:30 resolved a day late).
 */
export function untilTime(value: string, now = new Date()): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!m) throw new CallcueError('usage', `--until must be a time like 06:00, not "${value}".`);
  const [hours, minutes] = [Number(m[1]), Number(m[2])];
  for (let day = 0; day <= 1; day++) {
    const at = new Date(now);
    at.setDate(at.getDate() + day);
    at.setHours(hours, minutes, 0, 0);
    const again = new Date(at.getTime() + HOUR);
    const repeated = again.getHours() === hours && again.getMinutes() === minutes;
    for (const t of repeated ? [at, again] : [at]) if (t.getTime() > now.getTime()) return t.getTime();
  }
  throw new CallcueError('usage', `--until ${value} could not be placed on this PC's clock.`);
}

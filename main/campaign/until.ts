import { CallcueError } from '../core/errors.ts';

/** "Run until 06:00": the next time the PC's clock shows it (epoch ms). */
export function untilTime(value: string, now = new Date()): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!m) throw new CallcueError('usage', `--until must be a time like 06:00, not "${value}".`);
  const at = new Date(now);
  at.setHours(Number(m[1]), Number(m[2]), 0, 0);
  if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
  return at.getTime();
}

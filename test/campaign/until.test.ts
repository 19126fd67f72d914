import { afterEach, describe, expect, it } from 'vitest';
import { untilTime } from '../../main/campaign/until.ts';

const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('--until on the PC clock', () => {
  it('is the next time the clock shows it: later today, or tomorrow', () => {
    process.env.TZ = 'Asia/Shanghai';
    const now = new Date('2026-11-29T22:00:00+08:00');
    expect(new Date(untilTime('23:30', now)).toISOString()).toBe('2026-11-29T15:30:00.000Z');
    expect(new Date(untilTime('06:00', now)).toISOString()).toBe('2026-11-29T22:00:00.000Z');
  });

  it('in the repeated hour of the autumn clock change, the second 02:45 comes 15 minutes after the second 02:30', () => {
    process.env.TZ = 'Europe/Berlin';
    // 25 October 2026: 03:00 CEST goes back to 02:00 CET; 02:30 CET is 01:30 UTC.
    const secondHalfPastTwo = new Date('2026-10-25T01:30:00Z');
    expect(new Date(untilTime('02:45', secondHalfPastTwo)).toISOString()).toBe('2026-10-25T01:45:00.000Z');
    // At the first 02:30 (CEST), 02:45 is the first one, still in summer time.
    expect(new Date(untilTime('02:45', new Date('2026-10-25T00:30:00Z'))).toISOString()).toBe('2026-10-25T00:45:00.000Z');
  });

  it('a time the spring change skips comes at the hour after', () => {
    process.env.TZ = 'Europe/Berlin';
    // 29 March 2026: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist, the clock reads 03:30 then.
    expect(new Date(untilTime('02:30', new Date('2026-03-29T00:00:00Z'))).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
});

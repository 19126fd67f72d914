import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/store/migrations/index.ts';
import { outboxQueries } from '../../main/store/outbox.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('migration 006: the team do-not-call list mirrored locally', () => {
  it('keeps entries and their outbox as they were; team entries are not sent back; the feed position moves with them', () => {
    const db = new Database(path.join(tempDir(), 'm.db'));
    migrate(db, 5);
    outboxQueries.startOutbox(db, {});
    db.prepare("INSERT INTO do_not_call (phone, added_at, source) VALUES ('+14155550100', 1, 'manual')").run();
    expect(migrate(db, 6)).toBe(6);
    const outbox = () => db.prepare('SELECT kind, ref FROM outbox ORDER BY seq').all();
    expect(db.prepare('SELECT phone, from_team FROM do_not_call').all()).toEqual([{ phone: '+14155550100', from_team: 0 }]);
    expect(outboxQueries.teamDncSeq(db, {})).toBe(0);

    // From the team: a new number and one this PC already had (it keeps its own entry); none goes to the outbox.
    const entries = [
      { phone: '+14155550101', source: 'opt_out_speech', addedAt: 5 },
      { phone: '+14155550100', source: 'import', addedAt: 6 },
    ];
    expect(outboxQueries.mirrorTeamDnc(db, { entries, seq: 7 })).toBe(1);
    expect(outboxQueries.mirrorTeamDnc(db, { entries: [], seq: 3 })).toBe(0);
    expect(outboxQueries.teamDncSeq(db, {})).toBe(7);
    expect(db.prepare('SELECT phone, source, from_team FROM do_not_call ORDER BY phone').all()).toEqual([
      { phone: '+14155550100', source: 'manual', from_team: 0 },
      { phone: '+14155550101', source: 'opt_out_speech', from_team: 1 },
    ]);
    // An opt-out heard on this PC still goes out.
    db.prepare("INSERT INTO do_not_call (phone, added_at, source) VALUES ('+14155550102', 8, 'opt_out_dtmf')").run();
    expect(outbox()).toEqual([
      { kind: 'dnc', ref: '+14155550100' },
      { kind: 'dnc', ref: '+14155550102' },
    ]);
    // An entry the local list cannot hold (here, not a phone number) is passed over, never blocking the feed.
    expect(outboxQueries.mirrorTeamDnc(db, { entries: [{ phone: 'nope', source: 'manual', addedAt: 9 }, { phone: '+14155550103', source: 'manual', addedAt: 9 }], seq: 9 })).toBe(1);
    expect(outboxQueries.teamDncSeq(db, {})).toBe(9);
  });
});

import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/store/migrations/index.ts';
import { outboxQueries } from '../../main/store/outbox.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('migration 007: removals from the team do-not-call list leave the mirror', () => {
  it('keeps the list as it was; a removal takes the team entry only, and the position moves with it', () => {
    const db = new Database(path.join(tempDir(), 'm.db'));
    migrate(db, 6);
    outboxQueries.startOutbox(db, {});
    db.prepare("INSERT INTO do_not_call (phone, added_at, source) VALUES ('+14155550100', 1, 'opt_out_dtmf')").run();
    outboxQueries.mirrorTeamDnc(db, { entries: [{ phone: '+14155550101', source: 'import', addedAt: 2 }], seq: 4 });
    expect(migrate(db, 7)).toBe(7);
    expect(outboxQueries.teamDncRemovedSeq(db, {})).toBe(0);
    const listed = () => db.prepare('SELECT phone FROM do_not_call ORDER BY phone').all();
    expect(listed()).toEqual([{ phone: '+14155550100' }, { phone: '+14155550101' }]);

    // The manager removed both from the team's list: this PC's own opt-out stays here.
    expect(outboxQueries.unmirrorTeamDnc(db, { phones: ['+14155550100', '+14155550101', '+14155550199'], seq: 9 })).toBe(1);
    expect(listed()).toEqual([{ phone: '+14155550100' }]);
    expect(outboxQueries.teamDncRemovedSeq(db, {})).toBe(9);
    expect(outboxQueries.unmirrorTeamDnc(db, { phones: [], seq: 3 })).toBe(0);
    expect(outboxQueries.teamDncRemovedSeq(db, {})).toBe(9);
  });
});

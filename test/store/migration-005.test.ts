import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/store/migrations/index.ts';
import { outboxQueries } from '../../main/store/outbox.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('migration 005: the team outbox', () => {
  it('stays empty until the PC joins a team, then queues history first and every change in the same transaction', () => {
    const db = new Database(path.join(tempDir(), 'm.db'));
    migrate(db, 4);
    db.prepare("INSERT INTO calls (id, started_at, mode, plugin, language) VALUES ('old', 1, 'assist', 'insurance', 'en')").run();
    expect(migrate(db, 5)).toBe(5);
    const outbox = () => db.prepare('SELECT kind, ref FROM outbox ORDER BY seq').all();
    db.prepare("INSERT INTO do_not_call (phone, added_at, source) VALUES ('+14155550100', 2, 'manual')").run();
    expect(outbox()).toEqual([]);

    expect(outboxQueries.startOutbox(db, {})).toBe(2);
    expect(outboxQueries.startOutbox(db, {})).toBe(0);
    db.prepare("INSERT INTO calls (id, started_at, mode, plugin, language) VALUES ('new', 3, 'auto', 'insurance', 'en')").run();
    const turn = db.prepare("INSERT INTO turns (call_id, channel, start_ms, end_ms, intent) VALUES ('new', 'customer', 0, 900, 'price_objection')").run().lastInsertRowid;
    db.prepare('INSERT INTO suggestions (call_id, turn_id, rank, source, rule, shown_at) VALUES (?, ?, 1, ?, ?, 4)').run('new', turn, 'card', 'cards.price_objection');
    db.prepare("UPDATE calls SET outcome = 'callback' WHERE id = 'new'").run();
    expect(outbox()).toEqual([
      { kind: 'call', ref: 'old' },
      { kind: 'dnc', ref: '+14155550100' },
      { kind: 'call', ref: 'new' },
      { kind: 'turn', ref: String(turn) },
      { kind: 'suggestion', ref: '1' },
      { kind: 'call', ref: 'new' },
    ]);
    // A write that fails leaves no entry behind: the trigger is part of its transaction.
    expect(() => db.prepare("INSERT INTO calls (id, started_at, mode, plugin, language) VALUES ('bad', 5, 'robot', 'insurance', 'en')").run()).toThrow(/CHECK/);
    expect(outbox()).toHaveLength(6);

    // A batch sends each row once, as it is now, parents first; acknowledging removes exactly that batch.
    const batch = outboxQueries.outboxBatch(db, { limit: 10 });
    expect(batch.rows.map((r) => `${r.kind} ${'id' in r ? r.id : r.phone}`)).toEqual(['call old', 'dnc +14155550100', 'call new', `turn ${turn}`, 'suggestion 1']);
    expect(batch.rows[2]).toMatchObject({ outcome: 'callback', startedAt: 3 });
    expect(outboxQueries.outboxAck(db, { upTo: batch.upTo })).toBe(6);
    expect(outboxQueries.outboxPending(db, {})).toEqual({ pending: 0, started: true });
  });
});

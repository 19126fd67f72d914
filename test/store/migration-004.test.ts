import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/store/migrations/index.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('migration 004: who runs a call', () => {
  it('adds an owner to existing calls (none: they predate owners) and a table of owners with heartbeats', () => {
    const db = new Database(path.join(tempDir(), 'm.db'));
    migrate(db, 3);
    db.prepare("INSERT INTO calls (id, started_at, mode, plugin, language) VALUES ('old', 1, 'assist', 'insurance', 'en')").run();
    expect(migrate(db, 4)).toBe(4);
    expect(db.prepare("SELECT owner FROM calls WHERE id = 'old'").get()).toEqual({ owner: null });
    db.prepare("INSERT INTO owners (id, pid, seen_at) VALUES ('a', 1, 2)").run();
    expect(() => db.prepare("INSERT INTO owners (id, pid, seen_at) VALUES ('a', 3, 4)").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO owners (id, pid, seen_at) VALUES ('b', NULL, 4)").run()).toThrow(/NOT NULL/);
  });
});

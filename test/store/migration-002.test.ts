import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/store/migrations/index.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('migration 002: the number an autonomous call dialled', () => {
  it('adds calls.phone to an existing database, keeping its calls', () => {
    const db = new Database(path.join(tempDir(), 'm.db'));
    migrate(db, 1);
    db.prepare("INSERT INTO calls (id, started_at, mode, plugin, language, outcome) VALUES ('old', 5, 'assist', 'insurance', 'en', 'sale')").run();
    expect(migrate(db, 2)).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare("SELECT outcome, phone FROM calls WHERE id = 'old'").get()).toEqual({ outcome: 'sale', phone: null });
  });

  it('takes E.164 numbers only', () => {
    const db = new Database(path.join(tempDir(), 'm.db'));
    migrate(db, 2);
    const insert = db.prepare("INSERT INTO calls (id, started_at, mode, plugin, language, phone) VALUES (?, 1, 'auto', 'insurance', 'en', ?)");
    insert.run('a', '+8613812345678');
    expect(() => insert.run('b', '13812345678')).toThrow(/CHECK constraint/);
    expect(() => insert.run('c', '+0123')).toThrow(/CHECK constraint/);
  });
});

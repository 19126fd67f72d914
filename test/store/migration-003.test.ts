import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/store/migrations/index.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('migration 003: the do-not-call list', () => {
  it('adds the table to an existing database and takes E.164 numbers with a known source', () => {
    const db = new Database(path.join(tempDir(), 'm.db'));
    migrate(db, 2);
    db.prepare("INSERT INTO calls (id, started_at, mode, plugin, language, phone) VALUES ('a', 1, 'auto', 'insurance', 'en', '+8613800000000')").run();
    expect(migrate(db, 3)).toBe(3);
    expect(db.prepare('SELECT count(*) AS n FROM calls').get()).toEqual({ n: 1 });
    const add = db.prepare('INSERT INTO do_not_call (phone, added_at, source) VALUES (?, 1, ?)');
    add.run('+8613800000000', 'opt_out_dtmf');
    expect(() => add.run('+8613800000000', 'import')).toThrow(/UNIQUE/);
    expect(() => add.run('13800000000', 'import')).toThrow(/CHECK constraint/);
    expect(() => add.run('+14155550100', 'guess')).toThrow(/CHECK constraint/);
  });
});

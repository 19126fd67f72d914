import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/store/migrations/index.ts';
import { tempDir } from '../helpers/tmp.ts';

function columns(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
}

describe('migration 001: calls', () => {
  const open = () => {
    const db = new Database(path.join(tempDir(), 'm.db'));
    db.pragma('foreign_keys = ON');
    return db;
  };

  it('creates the metadata tables, and nothing that could hold words or audio', () => {
    const db = open();
    expect(migrate(db, 1)).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(columns(db, 'calls')).toEqual(['id', 'started_at', 'ended_at', 'duration_ms', 'mode', 'plugin', 'language', 'outcome', 'final_state', 'rep_consent_id']);
    expect(columns(db, 'turns')).toEqual(['id', 'call_id', 'channel', 'start_ms', 'end_ms', 'intent', 'confidence', 'state_from', 'state_to', 'entities']);
    const all = ['calls', 'turns', 'suggestions', 'consents', 'settings'].flatMap((t) => columns(db, t));
    expect(all.filter((c) => /text|transcript|audio|utterance|words|pcm|wav/i.test(c))).toEqual([]);
    const blobs = db.prepare("SELECT name FROM pragma_table_info('turns') WHERE type = 'BLOB'").all();
    expect(blobs).toEqual([]);
  });

  it('constrains what goes in', () => {
    const db = open();
    migrate(db, 1);
    db.prepare("INSERT INTO calls (id, started_at, mode, plugin, language) VALUES ('c1', 1, 'assist', 'insurance', 'en')").run();
    expect(() => db.prepare("INSERT INTO turns (call_id, channel, start_ms, end_ms) VALUES ('c1', 'boss', 0, 1)").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare("INSERT INTO turns (call_id, channel, start_ms, end_ms, entities) VALUES ('c1', 'rep', 0, 1, 'not json')").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare("INSERT INTO turns (call_id, channel, start_ms, end_ms) VALUES ('nope', 'rep', 0, 1)").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO calls (id, started_at, mode, plugin, language) VALUES ('c2', 1, 'robot', 'x', 'en')").run()).toThrow(/CHECK constraint/);
  });

  it('runs once', () => {
    const db = open();
    migrate(db, 1);
    expect(() => migrate(db, 1)).not.toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });
});

import type { Check } from '../check.ts';
import { msg } from '../check.ts';
import { errorMessage } from '../../base/errors.ts';

/** Opens an in-memory database with the encrypting SQLite build the store uses; a broken native module is a failed check, not a crash. */
export const sqliteCheck: Check = async () => {
  try {
    const { default: Database } = await import('better-sqlite3-multiple-ciphers');
    const db = new Database(':memory:');
    try {
      const version = String(db.prepare('select sqlite_version()').pluck().get());
      const cipher = String(db.pragma('cipher', { simple: true }));
      return { id: 'sqlite', status: 'ok', found: `SQLite ${version}, cipher ${cipher}`, foundMessage: msg('doctor.found.sqlite', { version, cipher }), details: { version, cipher } };
    } finally {
      db.close();
    }
  } catch (error) {
    return { id: 'sqlite', status: 'fail', found: errorMessage(error), hint: msg('doctor.hint.sqliteBroken'), details: {} };
  }
};

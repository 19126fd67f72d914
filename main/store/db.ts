import Database from 'better-sqlite3-multiple-ciphers';
import { CallcueError } from '../base/errors.ts';
import { migrate } from './migrations/index.ts';

/**
 * Opens the encrypted database (SQLCipher 4 compatible, so standard tools can open it with the key), checks the key,
 * turns on WAL and foreign keys, and brings the schema up to date.
 */
export function openDatabase(file: string, key: Buffer): Database.Database {
  // SQLCipher turns an empty key into a fixed passphrase: only a whole 256-bit key may open or create the file.
  if (key.length !== 32) throw new CallcueError('store_key_invalid', `The call database key must be 32 bytes, not ${key.length}.`);
  const db = new Database(file);
  try {
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma('legacy = 4');
    db.pragma(`key = "x'${key.toString('hex')}'"`);
    // Reading the schema fails at once with the wrong key ("file is not a database").
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    const message = error instanceof Error ? error.message : String(error);
    if (/file is not a database/.test(message)) throw new CallcueError('store_locked', `The call database ${file} cannot be opened with this key (it is encrypted with another one, or damaged).`);
    throw new CallcueError('store_failed', `The call database ${file} could not be opened: ${message}`);
  }
}

import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * The do-not-call list: numbers (E.164) that are never dialled, with when and how they were added (an opt-out on a
 * call, an imported list, a manager in the app). Kept out of retention: an opt-out is forever.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE do_not_call (
      phone TEXT PRIMARY KEY CHECK (phone GLOB '+[1-9]*'),
      added_at INTEGER NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('opt_out_speech', 'opt_out_dtmf', 'import', 'manual'))
    ) WITHOUT ROWID;
  `);
}

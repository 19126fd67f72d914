import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Which process is running a call: a second CallCue opening the same data folder (the CLI beside the app) must not
 * take a live call for one a crash left open. Each open store is an owner with a heartbeat; calls carry their owner.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE calls ADD COLUMN owner TEXT;
    CREATE TABLE owners (
      id TEXT PRIMARY KEY,
      pid INTEGER NOT NULL,
      seen_at INTEGER NOT NULL
    ) WITHOUT ROWID;
  `);
}

import type { Database } from 'better-sqlite3-multiple-ciphers';
import * as calls from './001-calls.ts';

/** In order; `PRAGMA user_version` records how many have run. Add new ones at the end, never edit old ones. */
export const migrations: { name: string; up: (db: Database) => void }[] = [{ name: '001-calls', ...calls }];

export function migrate(db: Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const [i, migration] of migrations.entries()) {
    if (i < current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
  return migrations.length;
}

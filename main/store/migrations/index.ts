import type { Database } from 'better-sqlite3-multiple-ciphers';
import * as calls from './001-calls.ts';
import * as callPhone from './002-call-phone.ts';
import * as doNotCall from './003-do-not-call.ts';
import * as callOwner from './004-call-owner.ts';
import * as outbox from './005-outbox.ts';
import * as teamDnc from './006-team-dnc.ts';
import * as teamDncRemovals from './007-team-dnc-removals.ts';

/** In order; `PRAGMA user_version` records how many have run. Add new ones at the end, never edit old ones. */
export const migrations: { name: string; up: (db: Database) => void }[] = [
  { name: '001-calls', ...calls },
  { name: '002-call-phone', ...callPhone },
  { name: '003-do-not-call', ...doNotCall },
  { name: '004-call-owner', ...callOwner },
  { name: '005-outbox', ...outbox },
  { name: '006-team-dnc', ...teamDnc },
  { name: '007-team-dnc-removals', ...teamDncRemovals },
];

/** Runs the migrations not yet run, up to `to` (all by default: a lower `to` lets each migration's test start from its predecessor). */
export function migrate(db: Database, to = migrations.length): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const [i, migration] of migrations.slice(0, to).entries()) {
    if (i < current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
  return Math.max(current, to);
}

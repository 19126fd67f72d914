import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Numbers a manager took off the team's do-not-call list leave the mirror here too (main/team/dnc-feed.ts):
 * `outbox_state` keeps the feed's position among removals, as `dnc_seq` does among additions.
 */
export function up(db: Database): void {
  db.exec('ALTER TABLE outbox_state ADD COLUMN dnc_removed_seq INTEGER NOT NULL DEFAULT 0;');
}

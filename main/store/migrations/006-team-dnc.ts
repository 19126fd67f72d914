import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * The team's do-not-call list mirrored into the local one (main/team/dnc-feed.ts): entries that came from the team
 * store are marked `from_team`, so the outbox does not send them back where they came from, and `outbox_state`
 * keeps the feed's position (the highest team entry held) for catching up after time away.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE do_not_call ADD COLUMN from_team INTEGER NOT NULL DEFAULT 0 CHECK (from_team IN (0, 1));
    ALTER TABLE outbox_state ADD COLUMN dnc_seq INTEGER NOT NULL DEFAULT 0;
    DROP TRIGGER outbox_dnc_insert;
    CREATE TRIGGER outbox_dnc_insert AFTER INSERT ON do_not_call WHEN NEW.from_team = 0 AND EXISTS (SELECT 1 FROM outbox_state)
      BEGIN INSERT INTO outbox (kind, ref) VALUES ('dnc', NEW.phone); END;
  `);
}

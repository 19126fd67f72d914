import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * The outbox for the team store: which rows changed, in order, for the sync worker to push (main/team/sync.ts).
 * Triggers write it inside the same transaction as the change itself, so no write path can forget it and a crash
 * can never keep one without the other. An entry names a row (kind + its local id), not a copy: the push sends the
 * row as it is then, so a call's start and end become one upsert. Off until the PC joins a team (outbox_state):
 * a PC on its own never piles up entries.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL CHECK (kind IN ('call', 'turn', 'suggestion', 'dnc')),
      ref TEXT NOT NULL
    );
    CREATE TABLE outbox_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      started_at INTEGER NOT NULL
    );
    CREATE TRIGGER outbox_call_insert AFTER INSERT ON calls WHEN EXISTS (SELECT 1 FROM outbox_state)
      BEGIN INSERT INTO outbox (kind, ref) VALUES ('call', NEW.id); END;
    CREATE TRIGGER outbox_call_update AFTER UPDATE ON calls WHEN EXISTS (SELECT 1 FROM outbox_state)
      BEGIN INSERT INTO outbox (kind, ref) VALUES ('call', NEW.id); END;
    CREATE TRIGGER outbox_turn_insert AFTER INSERT ON turns WHEN EXISTS (SELECT 1 FROM outbox_state)
      BEGIN INSERT INTO outbox (kind, ref) VALUES ('turn', NEW.id); END;
    CREATE TRIGGER outbox_turn_update AFTER UPDATE ON turns WHEN EXISTS (SELECT 1 FROM outbox_state)
      BEGIN INSERT INTO outbox (kind, ref) VALUES ('turn', NEW.id); END;
    CREATE TRIGGER outbox_suggestion_insert AFTER INSERT ON suggestions WHEN EXISTS (SELECT 1 FROM outbox_state)
      BEGIN INSERT INTO outbox (kind, ref) VALUES ('suggestion', NEW.id); END;
    CREATE TRIGGER outbox_suggestion_update AFTER UPDATE ON suggestions WHEN EXISTS (SELECT 1 FROM outbox_state)
      BEGIN INSERT INTO outbox (kind, ref) VALUES ('suggestion', NEW.id); END;
    CREATE TRIGGER outbox_dnc_insert AFTER INSERT ON do_not_call WHEN EXISTS (SELECT 1 FROM outbox_state)
      BEGIN INSERT INTO outbox (kind, ref) VALUES ('dnc', NEW.phone); END;
  `);
}

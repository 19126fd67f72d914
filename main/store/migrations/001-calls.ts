import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Calls, the intents of their turns, the suggestions shown and used, consents and settings. By construction there is
 * no column that could hold audio or what anyone said: turns keep who spoke when, the intent and sanitised entities.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE consents (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('rep_processing', 'customer_disclosure')),
      version TEXT NOT NULL,
      given_at INTEGER NOT NULL,
      call_id TEXT REFERENCES calls(id) ON DELETE CASCADE
    );
    CREATE TABLE calls (
      id TEXT PRIMARY KEY,
      started_at INTEGER NOT NULL,
      ended_at INTEGER,
      duration_ms INTEGER,
      mode TEXT NOT NULL CHECK (mode IN ('assist', 'auto')),
      plugin TEXT NOT NULL,
      language TEXT NOT NULL,
      outcome TEXT NOT NULL DEFAULT 'in_progress',
      final_state TEXT,
      rep_consent_id INTEGER REFERENCES consents(id)
    );
    CREATE INDEX calls_started ON calls(started_at);
    CREATE TABLE turns (
      id INTEGER PRIMARY KEY,
      call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
      channel TEXT NOT NULL CHECK (channel IN ('rep', 'customer')),
      start_ms INTEGER NOT NULL,
      end_ms INTEGER NOT NULL,
      intent TEXT,
      confidence REAL,
      state_from TEXT,
      state_to TEXT,
      entities TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(entities))
    );
    CREATE INDEX turns_call ON turns(call_id);
    CREATE TABLE suggestions (
      id INTEGER PRIMARY KEY,
      call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
      turn_id INTEGER REFERENCES turns(id) ON DELETE CASCADE,
      rank INTEGER NOT NULL,
      source TEXT NOT NULL,
      rule TEXT NOT NULL,
      shown_at INTEGER NOT NULL,
      used_at INTEGER
    );
    CREATE INDEX suggestions_call ON suggestions(call_id);
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL CHECK (json_valid(value))
    );
  `);
}

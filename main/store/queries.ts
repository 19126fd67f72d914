import type { Database } from 'better-sqlite3-multiple-ciphers';
import { liveOwners } from './owner.ts';
import { outboxQueries } from './outbox.ts';

/**
 * Every read and write of the store, as prepared statements with bound parameters (never SQL built from values).
 * Run in the store's worker thread; the main thread calls them by name through MetadataStore.
 */
export type Mode = 'assist' | 'auto';

export interface CallRow {
  id: string;
  startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  mode: Mode;
  plugin: string;
  language: string;
  outcome: string;
  finalState: string | null;
}

export interface TurnRecord {
  callId: string;
  channel: 'rep' | 'customer';
  startMs: number;
  endMs: number;
  intent?: string;
  confidence?: number;
  stateFrom?: string;
  stateTo?: string;
  entities?: { entity: string; value?: string | number }[];
}

/** Which calls a list or a report covers: started in [from, to), optionally one business line, mode, outcome, or with a turn of one intent. */
export interface CallFilter {
  /** One call (the manager's call summary). */
  id?: string;
  from?: number;
  to?: number;
  plugin?: string;
  mode?: Mode;
  outcome?: string;
  intent?: string;
}

/** The facts a report needs about each call (main/export turns them into summaries and files). */
export interface CallFactsRows {
  calls: (CallRow & { phone: string | null })[];
  turns: { id: number; callId: string; channel: 'rep' | 'customer'; startMs: number; endMs: number; intent: string | null; confidence: number | null; stateFrom: string | null; stateTo: string | null }[];
  suggestions: { callId: string; turnId: number | null; rank: number; source: string; rule: string; shownAt: number; usedAt: number | null }[];
}

const callColumns = `id, started_at AS startedAt, ended_at AS endedAt, duration_ms AS durationMs, mode, plugin, language, outcome, final_state AS finalState`;
const filtered = `(@id IS NULL OR id = @id) AND started_at >= @from AND started_at < @to
  AND (@plugin IS NULL OR plugin = @plugin) AND (@mode IS NULL OR mode = @mode) AND (@outcome IS NULL OR outcome = @outcome)
  AND (@intent IS NULL OR EXISTS (SELECT 1 FROM turns WHERE turns.call_id = calls.id AND turns.intent = @intent))`;
/** A filter's bound parameters; a field sent as undefined (Electron's IPC keeps them) means no filter, like a missing one. */
const filterParams = (a: CallFilter) => ({ id: null, from: 0, to: Number.MAX_SAFE_INTEGER, plugin: null, mode: null, outcome: null, intent: null, ...Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) });

export const queries = {
  recordConsent(db: Database, a: { kind: 'rep_processing' | 'customer_disclosure'; version: string; givenAt: number; callId?: string }): number {
    return Number(db.prepare('INSERT INTO consents (kind, version, given_at, call_id) VALUES (@kind, @version, @givenAt, @callId)').run({ callId: null, ...a }).lastInsertRowid);
  },

  latestConsent(db: Database, a: { kind: 'rep_processing' | 'customer_disclosure' }): { id: number; version: string; givenAt: number } | null {
    return (db.prepare('SELECT id, version, given_at AS givenAt FROM consents WHERE kind = @kind AND call_id IS NULL ORDER BY given_at DESC LIMIT 1').get(a) as never) ?? null;
  },

  startCall(db: Database, a: { id: string; startedAt: number; mode: Mode; plugin: string; language: string; repConsentId?: number; phone?: string }): void {
    db.prepare('INSERT INTO calls (id, started_at, mode, plugin, language, rep_consent_id, phone, owner) VALUES (@id, @startedAt, @mode, @plugin, @language, @repConsentId, @phone, (SELECT owner FROM temp.me))').run({ repConsentId: null, phone: null, ...a });
  },

  recordTurn(db: Database, a: TurnRecord): number {
    return Number(
      db
        .prepare('INSERT INTO turns (call_id, channel, start_ms, end_ms, intent, confidence, state_from, state_to, entities) VALUES (@callId, @channel, @startMs, @endMs, @intent, @confidence, @stateFrom, @stateTo, @entities)')
        .run({ intent: null, confidence: null, stateFrom: null, stateTo: null, ...a, entities: JSON.stringify(a.entities ?? []) }).lastInsertRowid,
    );
  },

  recordSuggestions(db: Database, a: { callId: string; turnId: number | null; shownAt: number; suggestions: { rank: number; source: string; rule: string }[] }): number[] {
    const insert = db.prepare('INSERT INTO suggestions (call_id, turn_id, rank, source, rule, shown_at) VALUES (@callId, @turnId, @rank, @source, @rule, @shownAt)');
    return db.transaction(() => a.suggestions.map((s) => Number(insert.run({ callId: a.callId, turnId: a.turnId, shownAt: a.shownAt, ...s }).lastInsertRowid)))();
  },

  /**
   * The rep used suggestion `rank` of the latest set shown: the newest rows (by id, the order they were recorded)
   * sharing the last row's turn and time. Not by time alone: two sets shown in the same millisecond would both be
   * marked, and the team store would count a suggestion used twice.
   */
  markSuggestionUsed(db: Database, a: { callId: string; rank: number; usedAt: number }): boolean {
    return db.transaction(() => {
      const last = db.prepare('SELECT turn_id AS turnId, shown_at AS shownAt FROM suggestions WHERE call_id = @callId ORDER BY id DESC LIMIT 1').get(a) as { turnId: number | null; shownAt: number } | undefined;
      if (!last) return false;
      const { before } = db.prepare('SELECT coalesce(max(id), 0) AS before FROM suggestions WHERE call_id = @callId AND (turn_id IS NOT @turnId OR shown_at <> @shownAt)').get({ callId: a.callId, ...last }) as { before: number };
      return db.prepare('UPDATE suggestions SET used_at = @usedAt WHERE call_id = @callId AND rank = @rank AND id > @before AND used_at IS NULL').run({ ...a, before }).changes > 0;
    })();
  },

  endCall(db: Database, a: { id: string; endedAt: number; outcome: string; finalState?: string }): void {
    db.prepare('UPDATE calls SET ended_at = @endedAt, duration_ms = @endedAt - started_at, outcome = @outcome, final_state = @finalState WHERE id = @id').run({ finalState: null, ...a });
  },

  /** After a crash: calls that never ended are kept, marked interrupted, ending at their last turn. */
  /** Calls left open by a process that no longer runs (a crash, kill -9): never a live call of another CallCue. */
  markInterrupted(db: Database, _a: Record<string, never>): number {
    return db.transaction(() => {
      const live = JSON.stringify(liveOwners(db));
      return db
        .prepare(
          `UPDATE calls SET outcome = 'interrupted',
             ended_at = started_at + coalesce((SELECT max(end_ms) FROM turns WHERE turns.call_id = calls.id), 0),
             duration_ms = coalesce((SELECT max(end_ms) FROM turns WHERE turns.call_id = calls.id), 0)
           WHERE ended_at IS NULL AND (owner IS NULL OR owner NOT IN (SELECT value FROM json_each(?)))`,
        )
        .run(live).changes;
    })();
  },

  listCalls(db: Database, a: CallFilter & { limit?: number }): CallRow[] {
    return db.prepare(`SELECT ${callColumns} FROM calls WHERE ${filtered} ORDER BY started_at DESC LIMIT @limit`).all({ ...filterParams(a), limit: a.limit ?? 1000 }) as CallRow[];
  },

  /** Everything reports need about the calls a filter covers, in three reads (one per table) rather than one per call. */
  callFacts(db: Database, a: CallFilter): CallFactsRows {
    const params = filterParams(a);
    const ofCalls = `call_id IN (SELECT id FROM calls WHERE ${filtered})`;
    return db.transaction(() => ({
      calls: db.prepare(`SELECT ${callColumns}, phone FROM calls WHERE ${filtered} ORDER BY started_at`).all(params) as CallFactsRows['calls'],
      turns: db
        .prepare(`SELECT id, call_id AS callId, channel, start_ms AS startMs, end_ms AS endMs, intent, confidence, state_from AS stateFrom, state_to AS stateTo FROM turns WHERE ${ofCalls} ORDER BY call_id, start_ms, id`)
        .all(params) as CallFactsRows['turns'],
      suggestions: db
        .prepare(`SELECT call_id AS callId, turn_id AS turnId, rank, source, rule, shown_at AS shownAt, used_at AS usedAt FROM suggestions WHERE ${ofCalls} ORDER BY call_id, shown_at, rank`)
        .all(params) as CallFactsRows['suggestions'],
    }))();
  },

  getCall(db: Database, a: { id: string }) {
    const call = db.prepare(`SELECT ${callColumns} FROM calls WHERE id = @id`).get(a) as CallRow | undefined;
    if (!call) return null;
    const turns = db
      .prepare('SELECT id, channel, start_ms AS startMs, end_ms AS endMs, intent, confidence, state_from AS stateFrom, state_to AS stateTo, entities FROM turns WHERE call_id = @id ORDER BY start_ms')
      .all(a)
      .map((t) => ({ ...(t as Record<string, unknown>), entities: JSON.parse((t as { entities: string }).entities) as unknown[] }));
    const suggestions = db.prepare('SELECT turn_id AS turnId, rank, source, rule, shown_at AS shownAt, used_at AS usedAt FROM suggestions WHERE call_id = @id ORDER BY shown_at, rank').all(a) as {
      turnId: number | null;
      rank: number;
      source: string;
      rule: string;
      shownAt: number;
      usedAt: number | null;
    }[];
    return { ...call, turns, suggestions };
  },

  /** Retention: calls (and with them their turns and suggestions) older than the cut-off are deleted. */
  purge(db: Database, a: { before: number }): number {
    return db.prepare('DELETE FROM calls WHERE started_at < @before').run(a).changes;
  },

  /** Adds numbers to the do-not-call list (already listed ones keep their first entry). */
  addDoNotCall(db: Database, a: { phones: string[]; source: 'opt_out_speech' | 'opt_out_dtmf' | 'import' | 'manual'; addedAt: number }): number {
    const insert = db.prepare('INSERT OR IGNORE INTO do_not_call (phone, added_at, source) VALUES (@phone, @addedAt, @source)');
    return db.transaction(() => a.phones.reduce((n, phone) => n + insert.run({ phone, addedAt: a.addedAt, source: a.source }).changes, 0))();
  },

  /** How many numbers are on the do-not-call list, and the latest added. */
  doNotCallSummary(db: Database, a: { recent: number }): { count: number; recent: { phone: string; source: string; addedAt: number }[] } {
    const { count } = db.prepare('SELECT count(*) AS count FROM do_not_call').get() as { count: number };
    const recent = db.prepare('SELECT phone, source, added_at AS addedAt FROM do_not_call ORDER BY added_at DESC, phone LIMIT @recent').all(a) as { phone: string; source: string; addedAt: number }[];
    return { count, recent };
  },

  isDoNotCall(db: Database, a: { phone: string }): boolean {
    return db.prepare('SELECT 1 FROM do_not_call WHERE phone = @phone').get(a) !== undefined;
  },

  /** Calls already made to a number (autonomous mode's attempt count) and when the last one started. */
  attempts(db: Database, a: { phone: string }): { count: number; lastAt: number | null; lastOutcome: string | null } {
    return db
      .prepare(`SELECT count(*) AS count, max(started_at) AS lastAt, (SELECT outcome FROM calls WHERE phone = @phone ORDER BY started_at DESC LIMIT 1) AS lastOutcome FROM calls WHERE phone = @phone`)
      .get(a) as { count: number; lastAt: number | null; lastOutcome: string | null };
  },

  getSetting(db: Database, a: { key: string }): unknown {
    const row = db.prepare('SELECT value FROM settings WHERE key = @key').get(a) as { value: string } | undefined;
    return row ? JSON.parse(row.value) : undefined;
  },

  setSetting(db: Database, a: { key: string; value: unknown }): void {
    db.prepare('INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run({ key: a.key, value: JSON.stringify(a.value) });
  },

  integrityCheck(db: Database, _a: Record<string, never>): string {
    return String(db.pragma('integrity_check', { simple: true }));
  },

  ...outboxQueries,
};

export type Queries = typeof queries;
export type Op = keyof Queries;
export type ArgsOf<K extends Op> = Parameters<Queries[K]>[1];
export type ResultOf<K extends Op> = ReturnType<Queries[K]>;

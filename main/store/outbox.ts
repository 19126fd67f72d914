import type { Database } from 'better-sqlite3-multiple-ciphers';

/** A changed row as the team store gets it: times as epoch milliseconds, ids as the PC's own. */
export type OutboxRow =
  | { kind: 'call'; id: string; startedAt: number; endedAt: number | null; durationMs: number | null; mode: string; plugin: string; language: string; outcome: string; finalState: string | null }
  | { kind: 'turn'; id: number; callId: string; channel: string; startMs: number; endMs: number; intent: string | null; confidence: number | null; stateFrom: string | null; stateTo: string | null }
  | { kind: 'suggestion'; id: number; callId: string; turnId: number | null; rank: number; source: string; rule: string; shownAt: number; usedAt: number | null }
  | { kind: 'dnc'; phone: string; addedAt: number; source: string };

const rowOf = {
  call: `SELECT 'call' AS kind, id, started_at AS startedAt, ended_at AS endedAt, duration_ms AS durationMs, mode, plugin, language, outcome, final_state AS finalState FROM calls WHERE id = ?`,
  turn: `SELECT 'turn' AS kind, id, call_id AS callId, channel, start_ms AS startMs, end_ms AS endMs, intent, confidence, state_from AS stateFrom, state_to AS stateTo FROM turns WHERE id = ?`,
  suggestion: `SELECT 'suggestion' AS kind, id, call_id AS callId, turn_id AS turnId, rank, source, rule, shown_at AS shownAt, used_at AS usedAt FROM suggestions WHERE id = ?`,
  dnc: `SELECT 'dnc' AS kind, phone, added_at AS addedAt, source FROM do_not_call WHERE phone = ?`,
} as const;

/** The outbox (migration 005): what the team sync worker reads and acknowledges, run in the store's worker like every query. */
export const outboxQueries = {
  /**
   * Turns the outbox on (the PC joined a team) and, the first time, queues every row already here, parents
   * before children, so the team store gets this PC's history too. Returns how many rows were queued.
   */
  startOutbox(db: Database, _a: Record<string, never>): number {
    return db.transaction(() => {
      if (db.prepare('SELECT 1 FROM outbox_state').get()) return 0;
      db.prepare('INSERT INTO outbox_state (id, started_at) VALUES (1, ?)').run(Date.now());
      const seed = (kind: string, select: string) => db.prepare(`INSERT INTO outbox (kind, ref) SELECT ?, ${select}`).run(kind).changes;
      return (
        seed('call', 'id FROM calls ORDER BY started_at') +
        seed('turn', 'id FROM turns ORDER BY id') +
        seed('suggestion', 'id FROM suggestions ORDER BY id') +
        seed('dnc', 'phone FROM do_not_call ORDER BY added_at')
      );
    })();
  },

  /**
   * The oldest entries, each with its row as it is now (null: deleted since, e.g. by retention), a row named twice
   * sent once at its first place so parents still come before children; `upTo` acknowledges the whole batch.
   */
  outboxBatch(db: Database, a: { limit: number }): { upTo: number; rows: OutboxRow[]; pending: number } {
    return db.transaction(() => {
      const entries = db.prepare('SELECT seq, kind, ref FROM outbox ORDER BY seq LIMIT ?').all(a.limit) as { seq: number; kind: keyof typeof rowOf; ref: string }[];
      const seen = new Set<string>();
      const rows: OutboxRow[] = [];
      for (const { kind, ref } of entries) {
        if (seen.has(`${kind} ${ref}`)) continue;
        seen.add(`${kind} ${ref}`);
        const row = db.prepare(rowOf[kind]).get(kind === 'turn' || kind === 'suggestion' ? Number(ref) : ref) as OutboxRow | undefined;
        if (row) rows.push(row);
      }
      const { pending } = db.prepare('SELECT count(*) AS pending FROM outbox').get() as { pending: number };
      return { upTo: entries.at(-1)?.seq ?? 0, rows, pending };
    })();
  },

  /** The team store has everything up to `upTo`: those entries go. */
  outboxAck(db: Database, a: { upTo: number }): number {
    return db.prepare('DELETE FROM outbox WHERE seq <= ?').run(a.upTo).changes;
  },

  /** The team feed's position: the highest team entry this PC holds (0: none yet, or not on a team). */
  teamDncSeq(db: Database, _a: Record<string, never>): number {
    return (db.prepare('SELECT dnc_seq AS seq FROM outbox_state').get() as { seq: number } | undefined)?.seq ?? 0;
  },

  /**
   * Team entries into the local list, and the feed's position with them in one transaction: a crash between the two
   * can never skip an entry. A number already here keeps its own entry; one this list cannot hold is passed over
   * (the team store's checks are the stricter). Returns how many numbers were new here.
   */
  mirrorTeamDnc(db: Database, a: { entries: { phone: string; source: string; addedAt: number }[]; seq: number }): number {
    const insert = db.prepare('INSERT OR IGNORE INTO do_not_call (phone, added_at, source, from_team) VALUES (@phone, @addedAt, @source, 1)');
    return db.transaction(() => {
      const added = a.entries.reduce((n, e) => n + insert.run(e).changes, 0);
      db.prepare('UPDATE outbox_state SET dnc_seq = max(dnc_seq, ?)').run(a.seq);
      return added;
    })();
  },

  teamDncRemovedSeq(db: Database, _a: Record<string, never>): number {
    return (db.prepare('SELECT dnc_removed_seq AS seq FROM outbox_state').get() as { seq: number } | undefined)?.seq ?? 0;
  },

  /**
   * Numbers a manager took off the team's list, off the mirror here, with the feed's position (one transaction). Only
   * entries that came from the team go: a number this PC listed itself stays until this PC says otherwise.
   */
  unmirrorTeamDnc(db: Database, a: { phones: string[]; seq: number }): number {
    const remove = db.prepare('DELETE FROM do_not_call WHERE phone = ? AND from_team = 1');
    return db.transaction(() => {
      const removed = a.phones.reduce((n, phone) => n + remove.run(phone).changes, 0);
      db.prepare('UPDATE outbox_state SET dnc_removed_seq = max(dnc_removed_seq, ?)').run(a.seq);
      return removed;
    })();
  },

  outboxPending(db: Database, _a: Record<string, never>): { pending: number; started: boolean } {
    const { pending } = db.prepare('SELECT count(*) AS pending FROM outbox').get() as { pending: number };
    return { pending, started: db.prepare('SELECT 1 FROM outbox_state').get() !== undefined };
  },
};

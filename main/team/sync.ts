import { setTimeout as sleep } from 'node:timers/promises';
import type { CallcueError } from '../base/errors.ts';
import type { OutboxRow } from '../store/index.ts';
import { connectTeam, inTransaction, retryDelay, type TeamClient } from './client.ts';
import { teamError } from './errors.ts';
import { checkSchema } from './migrate.ts';
import { describeTarget, type TeamTarget } from './url.ts';

/** What the sync worker needs of the local store: its outbox operations (MetadataStore in the app). */
export interface OutboxStore {
  call(op: 'outboxBatch', args: { limit: number }): Promise<{ upTo: number; rows: OutboxRow[]; pending: number }>;
  call(op: 'outboxAck', args: { upTo: number }): Promise<number>;
}

/** For the status bar and System check: offline = the server is away (retrying), failing = it refuses us (a removed login). */
export interface SyncState {
  state: 'pushing' | 'idle' | 'offline' | 'failing';
  lastSyncAt: number | null;
  error?: { code: string; message: string };
  retryInMs?: number;
}

const ms = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs));

/**
 * Upserts keyed by (rep, local id), for turns and suggestions (rep, call id, local id): pushing a row again, after a crash between the team store's commit and the
 * local acknowledgement, updates the same row and never makes a second one. `rep` is the login's own role (its
 * default), which row-level security also insists on.
 */
const upsert: { [K in OutboxRow['kind']]: { sql: string; values: (row: Extract<OutboxRow, { kind: K }>) => unknown[] } } = {
  call: {
    sql: `INSERT INTO callcue.calls (local_id, started_at, ended_at, duration_ms, mode, plugin, language, outcome, final_state)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
          ON CONFLICT (rep, local_id) DO UPDATE SET started_at = excluded.started_at, ended_at = excluded.ended_at, duration_ms = excluded.duration_ms,
            mode = excluded.mode, plugin = excluded.plugin, language = excluded.language, outcome = excluded.outcome, final_state = excluded.final_state, synced_at = now()`,
    values: (r) => [r.id, ms(r.startedAt), ms(r.endedAt), r.durationMs, r.mode, r.plugin, r.language, r.outcome, r.finalState],
  },
  turn: {
    sql: `INSERT INTO callcue.turns (local_id, call_local_id, channel, start_ms, end_ms, intent, confidence, state_from, state_to)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
          ON CONFLICT (rep, call_local_id, local_id) DO UPDATE SET channel = excluded.channel, start_ms = excluded.start_ms, end_ms = excluded.end_ms,
            intent = excluded.intent, confidence = excluded.confidence, state_from = excluded.state_from, state_to = excluded.state_to`,
    values: (r) => [r.id, r.callId, r.channel, r.startMs, r.endMs, r.intent, r.confidence, r.stateFrom, r.stateTo],
  },
  suggestion: {
    sql: `INSERT INTO callcue.suggestions (local_id, call_local_id, turn_local_id, rank, source, rule, shown_at, used_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
          ON CONFLICT (rep, call_local_id, local_id) DO UPDATE SET used_at = excluded.used_at`,
    values: (r) => [r.id, r.callId, r.turnId, r.rank, r.source, r.rule, ms(r.shownAt), ms(r.usedAt)],
  },
  // Someone else may have listed the number first: theirs stays the entry (and the first opt-out's date).
  dnc: { sql: 'INSERT INTO callcue.dnc (phone, added_at, source) VALUES ($1, $2, $3) ON CONFLICT (phone) DO NOTHING', values: (r) => [r.phone, ms(r.addedAt), r.source] },
};

/** SQLSTATE classes 22 (data) and 23 (constraints): this row will never fit, however often it is sent. */
const rowRefused = (error: unknown) => /^2[23]/.test((error as { code?: string }).code ?? '');

/**
 * Pushes the local outbox to the team store in order, a batch per transaction, then acknowledges it locally. A row
 * the team store refuses (a label that is not an identifier) is counted and passed over, never retried forever; it
 * stays in the local store. When the server is away the worker waits with exponential backoff and tries again;
 * the outbox lives in the local database, so restarts, kill -9 and days offline lose nothing.
 */
export class TeamSync {
  readonly #store: OutboxStore;
  readonly #target: TeamTarget;
  readonly #batch: number;
  /** Test seam: runs after the team store committed a batch and before it is acknowledged locally. */
  readonly #afterCommit?: () => void;
  #client: TeamClient | undefined;
  #lastSyncAt: number | null = null;
  rejected = 0;

  constructor(options: { store: OutboxStore; target: TeamTarget; batch?: number; afterCommit?: () => void }) {
    this.#store = options.store;
    this.#target = options.target;
    this.#batch = options.batch ?? 200;
    this.#afterCommit = options.afterCommit;
  }

  /** One batch: returns how many rows went and how many entries are left. */
  async pushOnce(): Promise<{ pushed: number; pending: number }> {
    const { upTo, rows, pending } = await this.#store.call('outboxBatch', { limit: this.#batch });
    if (upTo === 0) return { pushed: 0, pending: 0 };
    const client = await this.#connect();
    try {
      await inTransaction(client, async () => {
        for (const row of rows) {
          // A savepoint per row, so one refused row does not undo the batch.
          await client.query('SAVEPOINT row');
          try {
            const { sql, values } = upsert[row.kind] as { sql: string; values: (r: OutboxRow) => unknown[] };
            await client.query(sql, values(row));
            await client.query('RELEASE SAVEPOINT row');
          } catch (error) {
            if (!rowRefused(error)) throw error;
            await client.query('ROLLBACK TO SAVEPOINT row');
            this.rejected++;
          }
        }
      });
    } catch (error) {
      await this.close();
      throw teamError(error, describeTarget(this.#target));
    }
    this.#afterCommit?.();
    const done = await this.#store.call('outboxAck', { upTo });
    this.#lastSyncAt = Date.now();
    return { pushed: rows.length, pending: pending - done };
  }

  /** Pushes until the outbox is empty; failures are thrown (the CLI's `team sync --once`). */
  async drain(): Promise<number> {
    let pushed = 0;
    for (;;) {
      const batch = await this.pushOnce();
      pushed += batch.pushed;
      if (batch.pending <= 0) return pushed;
    }
  }

  /**
   * Keeps the team store up to date until `signal` aborts: drains, then looks again every `idleMs`; after a failure
   * waits 1 s, 2 s, 4 s ... up to `maxBackoffMs` (retryDelay).
   */
  async run(signal: AbortSignal, options: { idleMs?: number; maxBackoffMs?: number; onState?: (state: SyncState) => void } = {}): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      let wait = options.idleMs ?? 2000;
      try {
        options.onState?.({ state: 'pushing', lastSyncAt: this.#lastSyncAt });
        await this.drain();
        failures = 0;
        options.onState?.({ state: 'idle', lastSyncAt: this.#lastSyncAt });
      } catch (error) {
        const e = error as CallcueError;
        wait = retryDelay(failures++, options.maxBackoffMs);
        options.onState?.({ state: e.retryable ? 'offline' : 'failing', lastSyncAt: this.#lastSyncAt, error: { code: e.code ?? 'team_failed', message: e.message }, retryInMs: Math.round(wait) });
      }
      await sleep(wait, undefined, { signal }).catch(() => undefined);
    }
    await this.close();
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** A store set up by a newer CallCue (or not yet set up for this one) is refused before anything is pushed. */
  async #connect(): Promise<TeamClient> {
    if (!this.#client) {
      const client = await connectTeam(this.#target);
      try {
        await checkSchema(client);
      } catch (error) {
        await client.end().catch(() => undefined);
        throw teamError(error, describeTarget(this.#target));
      }
      this.#client = client;
    }
    return this.#client;
  }
}

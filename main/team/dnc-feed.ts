import { setTimeout as sleep } from 'node:timers/promises';
import type { CallcueError } from '../base/errors.ts';
import { connectionLost, keepListening, type TeamClient } from './client.ts';
import { teamError } from './errors.ts';
import { whoAmI } from './members.ts';
import { checkSchema } from './migrate.ts';
import { describeTarget, type TeamTarget } from './url.ts';

export interface DncEntry {
  phone: string;
  source: string;
  addedAt: number;
}

/** What the feed needs of the local store (MetadataStore in the app): the mirror and its positions among additions and removals. */
export interface DncMirrorStore {
  call(op: 'teamDncSeq' | 'teamDncRemovedSeq', args: Record<string, never>): Promise<number>;
  call(op: 'mirrorTeamDnc', args: { entries: DncEntry[]; seq: number }): Promise<number>;
  call(op: 'unmirrorTeamDnc', args: { phones: string[]; seq: number }): Promise<number>;
}

/**
 * A catch-up reads this many positions below the one it holds again: a position is taken at insert and seen at
 * commit, so an entry whose transaction started first but committed last lands below positions already read.
 * Re-reading is harmless (the mirror ignores numbers it has).
 */
const OVERLAP = 100;

const CATCH_UP = `SELECT seq::float8 AS seq, phone, source, (extract(epoch FROM added_at) * 1000)::float8 AS "addedAt"
  FROM callcue.dnc WHERE seq > $1 ORDER BY seq`;
/** Removals by a manager since a position (migration 005); a number listed again since is not among them. */
const REMOVED = 'SELECT id::float8 AS id, phone FROM callcue.dnc_removed_since($1)';

/**
 * Keeps this PC's do-not-call list in step with the team's: LISTEN callcue_dnc delivers each new entry at its
 * commit (migration 003), LISTEN callcue_dnc_removed each number a manager took off (migration 005), and a catch-up
 * by position (on connect, then every `heartbeatMs`) brings what was missed while away. The heartbeat is also how freshness is known: `freshAt` is when the list was last confirmed
 * complete, and the autopilot does not dial on a list older than its staleness limit. Reconnects with backoff.
 */
export class TeamDncFeed {
  readonly #store: DncMirrorStore;
  readonly #target: TeamTarget;
  readonly #heartbeatMs: number;
  #freshAt: number | null = null;
  #connected = false;
  #manager = false;
  #error: CallcueError | undefined;
  readonly #onChange?: () => void;

  constructor(options: { store: DncMirrorStore; target: TeamTarget; heartbeatMs?: number; onChange?: () => void }) {
    this.#store = options.store;
    this.#target = options.target;
    this.#heartbeatMs = options.heartbeatMs ?? 5000;
    this.#onChange = options.onChange;
  }

  /** When the list here was last confirmed to hold every team entry (null: not since this PC started). */
  get freshAt(): number | null {
    return this.#freshAt;
  }

  get connected(): boolean {
    return this.#connected;
  }

  /** Whether this login is a manager's, as the team store said on the last connect. */
  get manager(): boolean {
    return this.#manager;
  }

  get error(): CallcueError | undefined {
    return this.#error;
  }

  /** Whether the list was confirmed complete within the last `staleMs`: unknown (never reached this run) is stale. */
  isFresh(staleMs: number, now = Date.now()): boolean {
    return this.#freshAt !== null && now - this.#freshAt <= staleMs;
  }

  /** Listens until `signal` aborts; after a failure waits (retryDelay) and connects again. */
  async run(signal: AbortSignal, options: { maxBackoffMs?: number } = {}): Promise<void> {
    const onFailure = (error: unknown) => this.#set({ connected: false, error: teamError(error, describeTarget(this.#target)) });
    await keepListening(this.#target, signal, (client, connected) => this.#listen(client, signal, connected), { ...options, onFailure });
    this.#set({ connected: false });
  }

  async #listen(client: TeamClient, signal: AbortSignal, connected: () => void): Promise<void> {
    const lost = connectionLost(client);
    // Notifications are taken one after another, each with its own position; a failure ends this connection.
    let taking: Promise<unknown> = Promise.resolve();
    const broken = new Promise<never>((_, reject) => {
      client.on('notification', (n) => {
        const payload = JSON.parse(n.payload ?? '{}') as (DncEntry & { seq: number }) | { id: number; phone: string };
        const take = n.channel === 'callcue_dnc_removed' ? () => this.#drop([payload as { id: number; phone: string }]) : () => this.#take([payload as DncEntry & { seq: number }]);
        taking = taking.then(take).catch(reject);
      });
    });
    broken.catch(() => undefined);
    await checkSchema(client);
    this.#manager = (await whoAmI(client)).manager;
    await client.query('LISTEN callcue_dnc');
    await client.query('LISTEN callcue_dnc_removed');
    // After LISTEN: an entry committed from here on is either in this read or notified.
    await this.#catchUp(client);
    this.#set({ connected: true, error: undefined });
    connected();
    while (!signal.aborted) {
      await Promise.race([sleep(this.#heartbeatMs, undefined, { signal }).catch(() => undefined), lost, broken]);
      if (signal.aborted) return;
      // A server behind a dead network answers nothing: a heartbeat that takes this long counts as the link lost.
      const timer = new AbortController();
      const timeout = sleep(Math.max(this.#heartbeatMs, 10_000), undefined, { signal: timer.signal }).then(() => Promise.reject(new Error('timeout expired')));
      timeout.catch(() => undefined);
      try {
        await Promise.race([this.#catchUp(client), lost, broken, timeout]);
      } finally {
        timer.abort();
      }
    }
  }

  async #catchUp(client: TeamClient): Promise<void> {
    const asked = Date.now();
    const since = await this.#store.call('teamDncSeq', {});
    const { rows } = await client.query<DncEntry & { seq: number }>(CATCH_UP, [Math.max(0, since - OVERLAP)]);
    await this.#take(rows);
    // Removals after additions: a number removed and listed again since is in the first read and not in this one.
    const removedSince = await this.#store.call('teamDncRemovedSeq', {});
    const { rows: removed } = await client.query<{ id: number; phone: string }>(REMOVED, [Math.max(0, removedSince - OVERLAP)]);
    await this.#drop(removed);
    this.#freshAt = asked;
    this.#onChange?.();
  }

  async #take(entries: (DncEntry & { seq: number })[]): Promise<void> {
    if (!entries.length) return;
    const seq = entries.reduce((max, e) => Math.max(max, e.seq), 0);
    const added = await this.#store.call('mirrorTeamDnc', { entries: entries.map(({ phone, source, addedAt }) => ({ phone, source, addedAt })), seq });
    if (added) this.#onChange?.();
  }

  async #drop(removals: { id: number; phone: string }[]): Promise<void> {
    if (!removals.length) return;
    const seq = removals.reduce((max, r) => Math.max(max, r.id), 0);
    if (await this.#store.call('unmirrorTeamDnc', { phones: removals.map((r) => r.phone), seq })) this.#onChange?.();
  }

  #set(change: { connected: boolean; error?: CallcueError }): void {
    this.#connected = change.connected;
    if ('error' in change) this.#error = change.error;
    this.#onChange?.();
  }
}

import type { TeamHandoff, TeamStatus } from '../../preload/contract.ts';
import type { CallcueError } from '../base/errors.ts';
import type { TeamCredentials } from './credentials.ts';
import { TeamDncFeed, type DncMirrorStore } from './dnc-feed.ts';
import { TeamHandoffFeed } from './handoff-feed.ts';
import { TeamSync, type OutboxStore, type SyncState } from './sync.ts';

/** The local store as the link uses it (MetadataStore in the app). */
export type LinkStore = OutboxStore & DncMirrorStore & { call(op: 'outboxPending', args: Record<string, never>): Promise<{ pending: number; started: boolean }> };

export interface TeamLinkOptions {
  store: () => Promise<LinkStore>;
  logins: TeamCredentials;
  /** The autopilot does not dial on a team do-not-call list older than this (default 5 minutes). */
  staleMs?: number;
  /** Called with the new status whenever it changes (the app pushes it to the pages). */
  onStatus?: (status: TeamStatus) => void;
  /** A caller is being put through to this person's extension (warm transfer): the handoff card, before the audio. */
  onHandoff?: (handoff: TeamHandoff) => void;
  /** How often the outbox is looked at when idle, the do-not-call list confirmed, and the longest wait between tries. */
  idleMs?: number;
  heartbeatMs?: number;
  maxBackoffMs?: number;
}

export const DEFAULT_STALE_MS = 5 * 60_000;

/**
 * A joined PC's running link to its team store: the sync worker pushing the outbox, the do-not-call feed mirroring
 * the team's list here, and (with onHandoff) the warm transfers' handoff cards for this person, all with the person's
 * own sealed login, each retrying on its own. A PC that never joined has no link: it is "not on a team", and its autopilot dials on its own list as before.
 */
export class TeamLink {
  readonly #o: TeamLinkOptions & { staleMs: number };
  #stop: AbortController | undefined;
  #running: Promise<unknown> = Promise.resolve();
  #feed: TeamDncFeed | undefined;
  #sync: SyncState | undefined;
  #pending = 0;
  #error: string | null = null;
  #last = '';

  constructor(options: TeamLinkOptions) {
    this.#o = { ...options, staleMs: options.staleMs ?? DEFAULT_STALE_MS };
  }

  /** Starts pushing and listening when this PC has joined a team; returns whether it has. */
  start(): boolean {
    if (this.#stop) return true;
    let login;
    try {
      login = this.#o.logins.read('login');
    } catch (error) {
      // The sealed login cannot be opened (another user's keychain, a damaged file): shown, never thrown at start-up.
      this.#stop = new AbortController();
      this.#error = (error as CallcueError).code ?? 'team_failed';
      this.#changed();
      return true;
    }
    if (!login) return false;
    const stop = (this.#stop = new AbortController());
    const { target } = login;
    this.#running = this.#o.store().then(async (store) => {
      const sync = new TeamSync({ store, target });
      // Confirmed several times within the limit, so a fresh list never looks stale between two heartbeats.
      const heartbeatMs = this.#o.heartbeatMs ?? Math.min(5000, this.#o.staleMs / 4);
      this.#feed = new TeamDncFeed({ store, target, heartbeatMs, onChange: () => this.#changed() });
      const onState = (state: SyncState) => {
        this.#sync = state;
        if (state.state === 'pushing') return;
        void store.call('outboxPending', {}).then(({ pending }) => {
          this.#pending = pending;
          this.#changed();
        }, () => undefined);
      };
      const backoff = { maxBackoffMs: this.#o.maxBackoffMs };
      const { onHandoff } = this.#o;
      const handoffs = onHandoff && new TeamHandoffFeed({ target, onHandoff }).run(stop.signal, backoff);
      await Promise.all([sync.run(stop.signal, { ...backoff, idleMs: this.#o.idleMs, onState }), this.#feed.run(stop.signal, backoff), handoffs]);
    });
    this.#running.catch(() => undefined);
    this.#changed();
    return true;
  }

  /** Whether the autopilot may dial on the do-not-call list here: always on a PC of its own; on a team, while fresh. */
  listFresh(): boolean {
    if (!this.#stop) return true;
    return this.#feed?.isFresh(this.#o.staleMs) ?? false;
  }

  status(): TeamStatus {
    const joined = this.#stop !== undefined;
    const feed = this.#feed;
    const syncDown = this.#sync?.state === 'offline' || this.#sync?.state === 'failing';
    return {
      joined,
      connected: Boolean(feed?.connected) && !syncDown,
      lastSyncAt: this.#sync?.lastSyncAt ?? null,
      pending: this.#pending,
      error: this.#error ?? (syncDown ? (this.#sync?.error?.code ?? 'team_failed') : null) ?? (feed && !feed.connected ? (feed.error?.code ?? null) : null),
      dncFreshAt: feed?.freshAt ?? null,
      dncStale: joined && !this.listFresh(),
      staleAfterMs: this.#o.staleMs,
      manager: feed?.manager ?? false,
    };
  }

  /** Stops both workers and closes their connections. */
  async close(): Promise<void> {
    this.#stop?.abort();
    await this.#running.catch(() => undefined);
  }

  /** With the login stored now (this PC just joined, or joined again with another login). */
  async restart(): Promise<boolean> {
    await this.close();
    this.#stop = this.#feed = this.#sync = undefined;
    this.#pending = 0;
    this.#error = null;
    return this.start();
  }

  /** Publishes the status when something a person sees changed (not each heartbeat's time). */
  #changed(): void {
    const status = this.status();
    const seen = JSON.stringify({ ...status, dncFreshAt: null });
    if (seen === this.#last) return;
    this.#last = seen;
    this.#o.onStatus?.(status);
  }
}

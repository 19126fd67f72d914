import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { teamError } from './errors.ts';
import { clientConfig, describeTarget, type TeamTarget } from './url.ts';

/** One connection to the team store. Every value goes in as a bound parameter ($1, $2); SQL text is never built from data. */
export type TeamClient = pg.Client;

/** What runs queries: a connection, or one shared by several callers one query at a time (`oneAtATime`). */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/**
 * A connection shared by several callers (a PC's workers and their lease renewals), one query at a time: pg 8 queues
 * overlapping queries but warns that pg 9 will refuse them.
 */
export function oneAtATime(client: TeamClient): Queryable {
  let last: Promise<unknown> = Promise.resolve();
  return {
    query<R extends pg.QueryResultRow>(text: string, values?: unknown[]) {
      const run = last.then(() => client.query<R>(text, values));
      last = run.catch(() => undefined);
      return run;
    },
  };
}

/** Connects, with failures (wrong password, untrusted certificate, no server) as one clear CallcueError. */
export async function connectTeam(target: TeamTarget): Promise<TeamClient> {
  const client = new pg.Client(clientConfig(target));
  // A server that goes away between queries emits 'error' on the client; the next query reports it.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw teamError(error, describeTarget(target));
  }
}

/** Runs `work` on a fresh connection and closes it; query failures become CallcueErrors too. */
export async function withTeam<T>(target: TeamTarget, work: (client: TeamClient) => Promise<T>): Promise<T> {
  const client = await connectTeam(target);
  try {
    return await work(client);
  } catch (error) {
    throw teamError(error, describeTarget(target));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `work` inside BEGIN/COMMIT, rolled back on any failure. */
export async function inTransaction<T>(client: TeamClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * How long to wait before the next try after `failures` failures in a row: 1 s, 2 s, 4 s ... up to `maxMs`, with
 * ±25% jitter so a floor of PCs that lost the server together does not return at once.
 */
export function retryDelay(failures: number, maxMs = 60_000): number {
  return Math.min(1000 * 2 ** failures, maxMs) * (0.75 + Math.random() / 2);
}

/**
 * A listener's connection held open until `signal` aborts: `session` runs on each new connection and calls
 * `connected()` once it is in step; after a failure (`onFailure` hears it) the next try waits retryDelay, counted
 * from the last connection that got in step.
 */
export async function keepListening(target: TeamTarget, signal: AbortSignal, session: (client: TeamClient, connected: () => void) => Promise<void>, options: { maxBackoffMs?: number; onFailure?: (error: unknown) => void } = {}): Promise<void> {
  let failures = 0;
  while (!signal.aborted) {
    let client: TeamClient | undefined;
    try {
      client = await connectTeam(target);
      await session(client, () => (failures = 0));
    } catch (error) {
      options.onFailure?.(error);
      await sleep(retryDelay(failures++, options.maxBackoffMs), undefined, { signal }).catch(() => undefined);
    } finally {
      await client?.end().catch(() => undefined);
    }
  }
}

/** Rejects when the connection fails or ends (never resolves): raced against a listener's waits. */
export function connectionLost(client: TeamClient): Promise<never> {
  const lost = new Promise<never>((_, reject) => {
    client.on('error', reject);
    client.on('end', () => reject(new Error('Connection ended')));
  });
  lost.catch(() => undefined);
  return lost;
}

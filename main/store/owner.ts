import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { processRuns } from '../base/process.ts';

/** How often an open store says it is alive, and how long a silence means it is not. */
export const HEARTBEAT_MS = 5_000;
const STALE_MS = 3 * HEARTBEAT_MS;

/**
 * Registers this connection as an owner of calls (its id in a TEMP table, so SQL can name "me"), and keeps its
 * heartbeat while the store is open. Returns the release, which forgets the owner.
 */
export function claimOwner(db: Database): () => void {
  const id = randomUUID();
  db.exec('CREATE TEMP TABLE me (owner TEXT NOT NULL)');
  db.prepare('INSERT INTO temp.me (owner) VALUES (?)').run(id);
  db.prepare('INSERT INTO owners (id, pid, seen_at) VALUES (?, ?, ?)').run(id, process.pid, Date.now());
  const beat = db.prepare('UPDATE owners SET seen_at = ? WHERE id = ?');
  const timer = setInterval(() => beat.run(Date.now(), id), HEARTBEAT_MS);
  return () => {
    clearInterval(timer);
    db.prepare('DELETE FROM owners WHERE id = ?').run(id);
  };
}

/** Owners whose process still runs and whose heartbeat is recent; the others are forgotten. */
export function liveOwners(db: Database, now = Date.now()): string[] {
  const owners = db.prepare('SELECT id, pid, seen_at AS seenAt FROM owners').all() as { id: string; pid: number; seenAt: number }[];
  const live = owners.filter((o) => now - o.seenAt < STALE_MS && processRuns(o.pid));
  const forget = db.prepare('DELETE FROM owners WHERE id = ?');
  for (const o of owners) if (!live.includes(o)) forget.run(o.id);
  return live.map((o) => o.id);
}

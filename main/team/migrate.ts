import { CallcueError } from '../base/errors.ts';
import { inTransaction, type TeamClient } from './client.ts';
import { teamMigrationList } from './migrations/index.ts';

export interface TeamMigration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations in migrations/index.ts, numbered in order. */
export function teamMigrations(): TeamMigration[] {
  return teamMigrationList.map((m, i) => ({ version: i + 1, ...m }));
}

/** Any number, as long as every CallCue uses the same one: concurrent `team init`s take turns. */
const MIGRATION_LOCK = 7_216_301;

/**
 * Brings the team store's schema up to date (to `to`, default all: a lower `to` lets each migration's test start
 * from its predecessor), all in one transaction: a failure leaves the schema as it was. A store set up by a newer
 * CallCue is refused before anything is touched: this CallCue would not know its tables.
 */
export async function migrateTeam(client: TeamClient, options: { to?: number; migrations?: TeamMigration[] } = {}): Promise<{ from: number; to: number }> {
  const migrations = options.migrations ?? teamMigrations();
  const target = options.to ?? migrations.length;
  return inTransaction(client, async () => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE SCHEMA IF NOT EXISTS callcue');
    await client.query('CREATE TABLE IF NOT EXISTS callcue.schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const from = await schemaVersion(client);
    if (from > migrations.length) throw newerStore(from);
    for (const m of migrations.slice(from, target)) {
      await client.query(m.sql);
      await client.query('INSERT INTO callcue.schema_version (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    return { from, to: Math.max(from, target) };
  });
}

/** The version of the schema in this team store (0: none yet). */
export async function schemaVersion(client: TeamClient): Promise<number> {
  const { rows: exists } = await client.query<{ found: boolean }>("SELECT to_regclass('callcue.schema_version') IS NOT NULL AS found");
  if (!exists[0]?.found) return 0;
  const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM callcue.schema_version');
  return rows[0]?.version ?? 0;
}

/** A store that is newer than this CallCue: refused with the version, whoever connects (rep, manager, init). */
export async function checkSchema(client: TeamClient, known = teamMigrations().length): Promise<number> {
  const version = await schemaVersion(client);
  if (version > known) throw newerStore(version);
  if (version < known) throw new CallcueError('team_schema_old', `This team store is at version ${version} and this CallCue needs ${known}: ask your manager to run callcue team init.`);
  return version;
}

function newerStore(version: number): CallcueError {
  return new CallcueError('team_schema_newer', `This team store was set up by a newer CallCue (version ${version}); update CallCue.`);
}

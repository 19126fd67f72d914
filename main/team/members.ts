import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { CallcueError } from '../base/errors.ts';
import { teamErrorKey } from './errors.ts';
import { inTransaction, type TeamClient } from './client.ts';

/** A person's database login: `cc_` + the name they were added with, so it never meets a server's own roles. */
export function roleFor(name: string): string {
  const lower = name.trim().toLowerCase();
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(lower)) throw new CallcueError('usage', `"${name}" cannot be a login name: use letters, digits and _ (starting with a letter, at most 40); put the full name in --display.`);
  return `cc_${lower}`;
}

/**
 * The password as PostgreSQL stores it (RFC 5802/7677 SCRAM-SHA-256, what `CREATE ROLE ... PASSWORD` keeps): the
 * server gets the verifier only, so the password itself never reaches its statement log.
 */
export function scramVerifier(password: string, iterations = 4096): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const storedKey = createHash('sha256').update(createHmac('sha256', salted).update('Client Key').digest()).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/**
 * Adds a rep or manager: their own LOGIN role with a new random password, a member of callcue_rep (and of
 * callcue_manager for a manager), and their row in reps. Role names and the verifier cannot be bound parameters in
 * DDL: the name is checked above and both are escaped by pg. Returns the password, to be handed over once.
 */
export async function addMember(client: TeamClient, person: { name: string; display?: string; manager: boolean; extension?: string }): Promise<{ role: string; password: string }> {
  const role = roleFor(person.name);
  const extension = person.extension === undefined ? undefined : checkExtension(person.extension);
  const password = randomBytes(24).toString('base64url');
  const groups = person.manager ? 'callcue_rep, callcue_manager' : 'callcue_rep';
  await inTransaction(client, async () => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (rowCount) throw new CallcueError('team_member_exists', `${person.name} already has a login on this team store; callcue team remove ${person.name} first to issue a new one.`);
    await client.query(`CREATE ROLE ${client.escapeIdentifier(role)} LOGIN PASSWORD ${client.escapeLiteral(scramVerifier(password))} IN ROLE ${groups}`);
    await client.query(
      `INSERT INTO callcue.reps (role_name, display_name, is_manager) VALUES ($1, $2, $3)
       ON CONFLICT (role_name) DO UPDATE SET display_name = excluded.display_name, is_manager = excluded.is_manager, added_at = now(), removed_at = NULL`,
      [role, person.display?.trim() || person.name.trim(), person.manager],
    );
    if (extension !== undefined) await setExtension(client, role, extension);
  });
  return { role, password };
}

/**
 * Takes a person's login away: the role is dropped and their open sessions ended at once; their calls stay in the
 * team's history (reps.removed_at is set, the row kept).
 */
export async function removeMember(client: TeamClient, name: string): Promise<{ role: string }> {
  const role = roleFor(name);
  const oid = await inTransaction(client, async () => {
    const { rowCount } = await client.query('UPDATE callcue.reps SET removed_at = now() WHERE role_name = $1 AND removed_at IS NULL', [role]);
    const { rows } = await client.query<{ oid: number }>('SELECT oid FROM pg_roles WHERE rolname = $1', [role]);
    if (!rowCount && !rows.length) throw new CallcueError('team_member_unknown', `${name} has no login on this team store.`);
    if (rows.length) {
      // Anything the person created (a table in a public schema) goes with them, or DROP ROLE refuses.
      await client.query(`DROP OWNED BY ${client.escapeIdentifier(role)}`);
      await client.query(`DROP ROLE ${client.escapeIdentifier(role)}`);
    }
    return rows[0]?.oid;
  });
  // Sessions already open outlive DROP ROLE: end them, found by the role's old id (its name is gone). With a timeout
  // (PostgreSQL 14+) this waits until they are gone, so the person's next query fails.
  if (oid !== undefined) await client.query('SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usesysid = $1', [oid]);
  return { role };
}

/** Who this connection is: their login, their name on the team and whether they are a manager. */
export async function whoAmI(client: TeamClient): Promise<{ role: string; displayName: string | null; manager: boolean }> {
  const { rows } = await client.query<{ role: string; display_name: string | null; manager: boolean }>(
    `SELECT current_user AS role, (SELECT display_name FROM callcue.reps WHERE role_name = current_user) AS display_name,
            pg_has_role(current_user, 'callcue_manager', 'MEMBER') AS manager`,
  );
  const row = rows[0]!;
  return { role: row.role, displayName: row.display_name, manager: row.manager };
}

/** Refuses a rep's login for what only a manager may do (`what`: "Taking a number off the list"), in words before the database's refusal. */
export async function requireManager(client: TeamClient, what: string): Promise<void> {
  const me = await whoAmI(client);
  if (!me.manager) throw new CallcueError('team_not_manager', `${what} needs a manager's team login; ${me.displayName ?? me.role} is a rep.`, { key: teamErrorKey('team_not_manager') });
}

/** The phone a person answers warm transfers on (migration 007): an extension like 201, what the bot's line rings. */
export function checkExtension(extension: string): string {
  const value = extension.trim();
  if (!/^[A-Za-z0-9._*#+-]{1,64}$/.test(value)) throw new CallcueError('usage', `--extension must be the rep's phone extension, like 201, not "${extension}".`);
  return value;
}

/** Sets (or moves) a person's extension; one extension belongs to one person. */
export async function setExtension(client: TeamClient, role: string, extension: string): Promise<void> {
  try {
    await client.query('UPDATE callcue.reps SET extension = $2 WHERE role_name = $1', [role, extension]);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new CallcueError('team_extension_taken', `Extension ${extension} is already someone else's on this team.`);
    throw error;
  }
}

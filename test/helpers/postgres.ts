import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { addMember, connectTeam, migrateTeam, startTeamServer, type TeamClient, type TeamServer, type TeamTarget } from '../../main/team/index.ts';

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface TestTeamServer extends TeamServer {
  dir: string;
  port: number;
  /** A connection as the server's admin (closed by stop). */
  connect(as?: Partial<TeamTarget>): Promise<TeamClient>;
  /** The server goes away (PostgreSQL stopped, its data kept) and comes back on the same port. */
  halt(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL for one test file, started with the app's own startTeamServer: its own folder under the
 * temp dir and its own free port. stop() stops it, closes the connections it opened and removes the folder.
 */
export async function startTestTeamServer(options: { listen?: string; tls?: { cert: string; key: string } } = {}): Promise<TestTeamServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-team-'));
  const port = await freePort();
  const start = () => startTeamServer({ dir: path.join(dir, 'team-db'), port, listen: options.listen, tls: options.tls, adminPassword: () => 'admin-test-password', durable: false });
  let server: TeamServer | undefined = await start();
  const clients: TeamClient[] = [];
  const admin = server.admin;
  return {
    ...server,
    dir,
    port,
    async connect(as = {}) {
      const client = await connectTeam({ ...admin, ...as });
      clients.push(client);
      return client;
    },
    async halt() {
      await server?.stop();
      server = undefined;
    },
    async restart() {
      server ??= await start();
    },
    async stop() {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      await server?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A migrated team store staffed for a test or a bench: the manager's connection and each rep's own login. */
export async function staffTeam<Rep extends string>(admin: TeamClient, adminTarget: TeamTarget, manager: string, reps: readonly Rep[]): Promise<{ manager: TeamClient; logins: Record<Rep, TeamTarget> }> {
  await migrateTeam(admin);
  const m = await addMember(admin, { name: manager, manager: true });
  const logins = {} as Record<Rep, TeamTarget>;
  for (const name of reps) {
    const { role, password } = await addMember(admin, { name, manager: false });
    logins[name] = { ...adminTarget, user: role, password };
  }
  return { manager: await connectTeam({ ...adminTarget, user: m.role, password: m.password }), logins };
}

/** A bench's own team store (durable, as in production) staffed with a manager and `pcs` rep logins. */
export async function startBenchTeam(pcs: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-bench-team-'));
  const server = await startTeamServer({ dir: path.join(dir, 'team-db'), port: await freePort(), adminPassword: () => 'bench-admin', durable: true });
  const admin = await connectTeam(server.admin);
  const staff = await staffTeam(admin, server.admin, 'boss', Array.from({ length: pcs }, (_, i) => `pc${i}`));
  return { dir, server, admin, manager: staff.manager, logins: Object.values(staff.logins) };
}

/** One row of callcue.campaign_attempts, as the leasing tests read it. */
export interface AttemptRow {
  phone: string;
  attempt_no: number;
  rep: string;
  disposition: string | null;
  leased_at: Date;
  dialled_at: Date | null;
  ended_at: Date | null;
}

/** A campaign's attempts in the order they were leased, with each lead's number. */
export async function attemptsOf(client: TeamClient, campaignId: number): Promise<AttemptRow[]> {
  const sql = 'SELECT l.phone, a.attempt_no, a.rep, a.disposition, a.leased_at, a.dialled_at, a.ended_at FROM callcue.campaign_attempts a JOIN callcue.campaign_leads l ON l.id = a.lead_id WHERE a.campaign_id = $1 ORDER BY a.id';
  return (await client.query<AttemptRow>(sql, [campaignId])).rows;
}

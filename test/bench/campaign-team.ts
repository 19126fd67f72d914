/**
 * npm run bench:campaign-team -- [--leads 3000] [--workers 1,4,16]
 * PCs working one shared campaign against one PostgreSQL on loopback (the embedded server, durable as `team serve`
 * runs it: fsync on). Each worker is its own process with its own rep login (test/team/fixtures/lease-worker.ts):
 * lease_lead, begin_dial, finish_attempt, with no call in between (0 ms: the database's share of the work only, the
 * worst case for it). The list has 10% numbers on the do-not-call list and 10% outside their calling window,
 * interleaved, so the lease scan passes over them. Per run: lease latency p50/p95 (the worker's round trip), leases
 * per second sustained, leads per minute, double-dials (a lead dialled twice: must be 0) and ineligible leads dialled
 * (must be 0); the ratio against one worker in the same run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { allowPcs, createCampaign, importLeads, setCampaignState } from '../../main/team/campaigns.ts';
import { formatTeamUrl, type TeamClient, type TeamTarget } from '../../main/team/index.ts';
import { startBenchTeam } from '../helpers/postgres.ts';
import { zoneAt } from '../helpers/zones.ts';
import { emit, summarize } from './stats.ts';

const { values } = parseArgs({ options: { leads: { type: 'string', default: '3000' }, workers: { type: 'string', default: '1,4,16' } } });
const LEADS = Number(values.leads);
const COUNTS = values.workers.split(',').map(Number);
const worker = path.join(import.meta.dirname, '../team/fixtures/lease-worker.ts');

/** `leads` eligible numbers (ending in 3-9: the worker's outcome for them is final, one attempt each) and 20% not. */
async function campaign(manager: TeamClient, run: number, reps: string[]): Promise<{ id: number; eligible: number }> {
  const rows = ['name,phone,timezone,language,plugin,consent_source,consent_date'];
  const dnc: string[] = [];
  let eligible = 0;
  for (let i = 0; eligible < LEADS; i++) {
    const phone = `+1${200 + run}${String(i).padStart(6, '0')}${3 + (i % 7)}`;
    const kind = i % 10;
    if (kind === 4) dnc.push(phone);
    if (kind !== 4 && kind !== 7) eligible++;
    rows.push(`L,${phone},${kind === 7 ? zoneAt(3) : zoneAt(12)},en,insurance,web form,2026-01-01`);
  }
  const id = await createCampaign(manager, { name: `bench ${run}`, plugin: 'insurance', language: 'en', rules: { maxAttempts: 1 } });
  await importLeads(manager, id, rows.join('\n'));
  await manager.query("INSERT INTO callcue.dnc (phone, source) SELECT unnest($1::text[]), 'import'", [dnc]);
  await allowPcs(manager, id, reps);
  return { id, eligible };
}

async function runWith(n: number, run: number, manager: TeamClient, logins: TeamTarget[]): Promise<Record<string, unknown>> {
  const { id, eligible } = await campaign(manager, run, logins.slice(0, n).map((l) => l.user.slice(3)));
  const leaseMs: number[] = [];
  let ready = 0;
  const exits = logins.slice(0, n).map((login) => {
    const child = spawn(process.execPath, [worker, formatTeamUrl(login), String(id), JSON.stringify({ leaseSeconds: 60, callMs: 0, pollMs: 50 })], { stdio: ['ignore', 'pipe', 'inherit'] });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const event = JSON.parse(line) as { t: string; ms?: number };
      if (event.t === 'ready') ready++;
      if (event.t === 'lease') leaseMs.push(event.ms!);
    });
    return new Promise<number | null>((resolve) => child.on('exit', resolve));
  });
  while (ready < n) await sleep(50);
  await setCampaignState(manager, id, 'running');
  // Every eligible lead finished: stop (the out-of-window ones would wait for their morning), and the workers end.
  const finished = async () => Number((await manager.query('SELECT count(*) AS n FROM callcue.campaign_attempts WHERE campaign_id = $1 AND dialled_at IS NOT NULL AND ended_at IS NOT NULL', [id])).rows[0].n);
  while ((await finished()) < eligible) await sleep(250);
  await setCampaignState(manager, id, 'stopped');
  const codes = await Promise.all(exits);
  const { rows: [r] } = await manager.query(
    `SELECT count(*)::int AS leases, extract(epoch FROM max(a.leased_at) - min(a.leased_at)) AS lease_span_s, extract(epoch FROM max(a.ended_at) - min(a.leased_at)) AS span_s,
       (SELECT count(*)::int FROM callcue.campaign_attempts x JOIN callcue.campaign_attempts y ON x.lead_id = y.lead_id AND x.id < y.id
          WHERE x.campaign_id = $1 AND x.dialled_at IS NOT NULL AND y.dialled_at IS NOT NULL) AS double_dials,
       (SELECT count(*)::int FROM callcue.campaign_attempts x JOIN callcue.campaign_leads l ON l.id = x.lead_id
          WHERE x.campaign_id = $1 AND (l.phone IN (SELECT phone FROM callcue.dnc) OR l.time_zone = $2)) AS ineligible_leased
     FROM callcue.campaign_attempts a WHERE a.campaign_id = $1`,
    [id, zoneAt(3)],
  );
  return {
    bench: 'campaign-team',
    workers: n,
    call_ms: 0,
    leads: eligible,
    lease_ms: summarize(leaseMs),
    leases_per_s: Math.round(r.leases / Number(r.lease_span_s)),
    leads_per_min: Math.round((eligible / Number(r.span_s)) * 60),
    double_dials: r.double_dials,
    ineligible_leased: r.ineligible_leased,
    worker_exits: [...new Set(codes)],
  };
}

const { dir, server, admin, manager, logins } = await startBenchTeam(Math.max(...COUNTS));
try {
  const results: Record<string, unknown>[] = [];
  for (const [run, n] of COUNTS.entries()) {
    const result = await runWith(n, run, manager, logins);
    const base = results[0] as { leases_per_s: number; lease_ms: { median: number } } | undefined;
    if (base) Object.assign(result, { vs_first: { leases_per_s: Number(((result.leases_per_s as number) / base.leases_per_s).toFixed(2)), lease_p50: Number(((result.lease_ms as { median: number }).median / base.lease_ms.median).toFixed(2)) } });
    results.push(result);
    emit(result);
  }
  const best = Math.max(...results.map((r) => r.leases_per_s as number));
  // A seat on a dialler spends 30 s or more per attempt (ringing, no answer or a short call): a 500-seat floor leases
  // about 17 a second, plus a dial check and a finish each, plus a renewal every 20 s per call on the line (60 s leases).
  const seats = 500;
  const cycleS = 30;
  emit({ bench: 'campaign-team', projection: { seats, seconds_per_attempt: cycleS, leases_per_s_needed: Math.round((seats / cycleS) * 10) / 10, renewals_per_s: seats / 20, leases_per_s_sustained_here: best, headroom: Number((best / (seats / cycleS)).toFixed(1)) } });
  await manager.end();
  await admin.end();
} finally {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

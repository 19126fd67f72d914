/**
 * npm run bench:sip -- [--calls 8] [--concurrency 8] [--model fixture:tiny]
 * Load on the real telephony path: `callcue autopilot` registers with a Kamailio started here and dials `calls` leads
 * through it to one SIPp phone that answers them all at once; each customer waits out the AI disclosure, asks a
 * question, hears the answer and hangs up. Measured on the wire (tcpdump on loopback): the customer's end of speech ->
 * the first RTP packet of the bot's answer, per call; and the call records stored against the calls answered.
 * Needs root (tcpdump), kamailio, sipp, espeak-ng.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createHeadlessCore } from '../../main/core/headless.ts';
import { customerLine, CUSTOMER_SSRC, openingMs } from '../fixtures/customer-phone.ts';
import { kamailioMissing, SIP_PASSWORD, startKamailio } from '../fixtures/kamailio.ts';
import { answeringScenario, sippPhone } from '../fixtures/sipp.ts';
import { bursts, captureLoopback, tcpdumpMissing, turns, wireCalls } from '../fixtures/wire.ts';
import { callcueAsync, jsonLines } from '../helpers/cli.ts';
import { zoneAt } from '../helpers/zones.ts';
import { emit, summarize } from './stats.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '8' }, concurrency: { type: 'string', default: '8' }, model: { type: 'string', default: 'fixture:tiny' }, json: { type: 'boolean' } } });
const missing = kamailioMissing() ?? tcpdumpMissing() ?? (spawnSync('which', ['sipp']).status !== 0 ? 'SIPp is not installed (Debian: sip-tester)' : undefined);
if (missing) {
  console.error(`bench:sip: ${missing}`);
  process.exit(2);
}
const calls = Number(values.calls);
const machine = `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-bench-sip-'));
const server = await startKamailio(dir, { udp: 35560, tls: 35561 });

/** One run of the autopilot against SIPp: `calls` leads, `concurrency` at once, measured on the wire. */
async function measure(calls: number, concurrency: number, port: number) {
  const opening = await openingMs();
  const ask = await customerLine(dir, 'ask', 'Hello. How much is the health insurance for me?');
  const phone = sippPhone(answeringScenario(dir, 'ask-and-listen', [{ pause: opening + 1000 }, { play: ask.pcap }, { pause: ask.ms + 8000 }, 'hang-up']), port, { calls });
  const leads = path.join(dir, `leads-${concurrency}.csv`);
  // Callees in a zone where it is early afternoon now: inside the calling window whenever the bench runs.
  const zone = zoneAt(13);
  fs.writeFileSync(leads, ['name,phone,timezone,language,plugin,consent_source,consent_date', ...Array.from({ length: calls }, (_, i) => `Lead ${i},+1555${port}${String(i).padStart(3, '0')},${zone},en,insurance,bench,2026-01-01`)].join('\n'));
  const capture = path.join(dir, `wire-${concurrency}.pcap`);
  const tcpdump = await captureLoopback(capture, `udp and not port ${server.udp}`);
  const data = path.join(dir, `data-${concurrency}`);
  const started = performance.now();
  const run = await callcueAsync(['autopilot', '--campaign', leads, '--line', `sip:callcue@127.0.0.1:${server.udp}`, '--concurrency', String(concurrency), '--model', values.model!, '--json'], { CALLCUE_DATA_DIR: data, CALLCUE_SIP_PASSWORD: SIP_PASSWORD });
  const wallS = (performance.now() - started) / 1000;
  await tcpdump.stop();
  phone.stop();
  if (run.code !== 0) throw new Error(`autopilot failed: ${run.stderr}`);
  const dispositions = jsonLines(run.stdout).filter((e) => e.type === 'disposition');
  const wire = wireCalls(capture, CUSTOMER_SSRC).map((c) => {
    const [question] = turns(c.customer);
    const answer = question && bursts(c.bot).find((b) => b.start > question.end);
    return answer ? answer.start - question!.end : NaN;
  });
  const core = createHeadlessCore({ ...process.env, CALLCUE_DATA_DIR: data });
  const stored = await (await core.store()).call('listCalls', { mode: 'auto', limit: 10_000 });
  await core.close();
  const replies = summarize(wire.filter((ms) => !Number.isNaN(ms)));
  emit({
    bench: 'autopilot-sip',
    calls,
    concurrency,
    model: values.model,
    wall_s: Math.round(wallS),
    answered: dispositions.length,
    stored_calls: stored.length,
    // Every disposition has its one call record and no record is left over: nothing lost, nothing twice.
    records_match: stored.length === dispositions.length && dispositions.every((e) => stored.some((c) => c.id === e.callId)),
    wire_calls: wire.length,
    eos_to_reply_rtp_ms: replies,
    bot_reported_reply_ms: summarize(dispositions.flatMap((e) => (e.replyMs as number[] | undefined) ?? [])),
    machine,
  });
  return replies;
}

try {
  // Baseline in the same run: two calls one after the other, then the load.
  const alone = await measure(2, 1, 25551);
  const load = await measure(calls, Number(values.concurrency), 25552);
  emit({ bench: 'autopilot-sip', metric: 'load_vs_alone', median_ratio: Math.round((load.median / alone.median) * 100) / 100, p95_ratio: Math.round((load.p95 / alone.p95) * 100) / 100, machine });
} finally {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

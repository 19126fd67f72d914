import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversingCustomer, CUSTOMER_SSRC, hangingUpCustomer, openingMs } from '../fixtures/customer-phone.ts';
import { kamailioMissing, SIP_PASSWORD, startKamailio, type SipServerUnderTest } from '../fixtures/kamailio.ts';
import { answeringScenario, sippPhone } from '../fixtures/sipp.ts';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { bursts, captureLoopback, tcpdumpMissing, turns, wireCalls } from '../fixtures/wire.ts';
import { callcueAsync, jsonLines } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { zoneAt } from '../helpers/zones.ts';

const skip = kamailioMissing() ?? (spawnSync('which', ['sipp']).status !== 0 ? 'SIPp is not installed (Debian: sip-tester)' : undefined) ?? tcpdumpMissing();
if (skip) console.info(`Skipping the autopilot SIPp tests: ${skip}`);

let server: SipServerUnderTest;
beforeAll(async () => {
  if (!skip) server = await startKamailio(tempDir(), { udp: 35460, tls: 35461 });
});
afterAll(() => server?.stop());

describe.skipIf(Boolean(skip))('callcue autopilot against SIPp phones through Kamailio, measured on the wire', () => {
  it('converses and yields to barge-in within 200 ms, gives up on a phone that only rings, survives a hang-up mid-sentence, and does not hear its own echo', { timeout: 150_000 }, async () => {
    const dir = tempDir();
    const opening = await openingMs();
    // The customer talks over the bot's answer 2.4 s after their question ends: measured, the bot answers about 1.2 s after it and its answer lasts over 2 s.
    const talker = sippPhone(await conversingCustomer(dir, { openingMs: opening, bargeAfterMs: 2400 }), 25471);
    const leaver = sippPhone(await hangingUpCustomer(dir, { openingMs: opening }), 25472);
    const ringer = sippPhone('ring', 25473);
    // A phone that sends back every packet it gets, as loud as it came: the bot's own voice must not become a customer.
    const echoer = sippPhone(answeringScenario(dir, 'echo', [{ pause: opening + 8000 }, 'hang-up']), 25474, { echo: true });
    const zone = zoneAt(13);
    const leads = path.join(dir, 'leads.csv');
    fs.writeFileSync(leads, ['name,phone,timezone,language,plugin,consent_source,consent_date', ...['+155525471', '+155525472', '+155525473', '+155525474'].map((p) => `Lead,${p},${zone},en,insurance,web form,2026-10-01`)].join('\n'));
    const capture = path.join(dir, 'wire.pcap');
    const tcpdump = await captureLoopback(capture, 'udp and not port 35460');
    let run;
    try {
      run = await callcueAsync(['autopilot', '--campaign', leads, '--line', `sip:callcue@127.0.0.1:${server.udp}`, '--concurrency', '4', '--ring', '5', '--model', 'fixture:micro', '--json'], {
        CALLCUE_DATA_DIR: path.join(dir, 'data'),
        CALLCUE_SIP_PASSWORD: SIP_PASSWORD,
      });
    } finally {
      await tcpdump.stop();
      talker.stop();
      leaver.stop();
      echoer.stop();
    }
    expect(run.code, run.stderr).toBe(0);
    const outcomes = Object.fromEntries(jsonLines(run.stdout).filter((e) => e.type === 'disposition').map((e) => [e.phone, e.disposition]));
    expect(outcomes).toEqual({ '+155525471': 'completed', '+155525472': 'completed', '+155525473': 'no_answer', '+155525474': 'completed' });
    const echoCall = jsonLines(run.stdout).find((e) => e.type === 'disposition' && e.phone === '+155525474')!;
    const store = await MetadataStore.open({ dataDir: path.join(dir, 'data'), keys: fileKeyStore(path.join(dir, 'data')) });
    try {
      const stored = await store.call('getCall', { id: String(echoCall.callId) });
      // Its echo never became a customer turn, so the bot never answered it.
      expect(stored!.turns.filter((t) => (t as { channel?: string }).channel === 'customer')).toEqual([]);
      expect(echoCall.replyMs).toEqual([]);
    } finally {
      await store.close();
    }
    expect(await ringer.exited, ringer.log()).toBe(0);

    const [talk, ...others] = wireCalls(capture, CUSTOMER_SSRC).sort((a, b) => b.customer.length - a.customer.length);
    expect(others).toHaveLength(1); // the customer who hung up mid-sentence
    const customer = turns(talk!.customer);
    const bot = bursts(talk!.bot);
    expect(customer).toHaveLength(2);
    const [question, interruption] = customer as [(typeof customer)[0], (typeof customer)[0]];
    const answer = bot.find((b) => b.start > question.end)!;
    const cut = bot.find((b) => b.start < interruption.start && b.end >= interruption.start - 100);
    const timeline = `bot ${bot.map((b) => `${Math.round(b.start - question.end)}..${Math.round(b.end - question.end)}`).join(', ')}; interruption at ${Math.round(interruption.start - question.end)} ms after the question`;
    expect(answer, timeline).toBeDefined();
    expect(cut, `the bot was not speaking when the customer cut in: ${timeline}`).toBeDefined();
    const replyMs = answer.start - question.end;
    const bargeMs = cut!.end - interruption.start;
    console.info(`SIPp on the wire: question end -> the bot's answer ${Math.round(replyMs)} ms; customer's first packet of speech -> the bot's last ${Math.round(bargeMs)} ms (${timeline})`);
    expect(bargeMs).toBeLessThanOrEqual(200);
    // The disclosure was heard whole before the customer spoke: the bot's first burst ends before the question.
    expect(bot[0]!.end).toBeLessThan(question.start);
  });
});

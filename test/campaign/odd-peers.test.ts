import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { customerLine, openingMs } from '../fixtures/customer-phone.ts';
import { kamailioMissing, SIP_PASSWORD, startKamailio, type SipServerUnderTest } from '../fixtures/kamailio.ts';
import { answeringScenario, sippPhone } from '../fixtures/sipp.ts';
import { callcueAsync, jsonLines, repoRoot } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { zoneAt } from '../helpers/zones.ts';

const skip = kamailioMissing() ?? (spawnSync('which', ['sipp']).status !== 0 ? 'SIPp is not installed (Debian: sip-tester)' : undefined);
if (skip) console.info(`Skipping the odd-peer autopilot tests: ${skip}`);

let server: SipServerUnderTest;
beforeAll(async () => {
  if (!skip) server = await startKamailio(tempDir(), { udp: 35470, tls: 35471 });
});
afterAll(() => server?.stop());

const spoofer = `${process.execPath} ${path.join(repoRoot, 'test/fixtures/rtp-spoofer.ts')} [$rtpport]`;

describe.skipIf(Boolean(skip))('autopilot against odd SIP peers: one call fails, never the campaign; only the negotiated peer is heard', () => {
  it('an IPv6-only answer and a declined audio stream end that call with BYE and a failed record; a spoofer pressing 9 from another socket changes nothing; every other lead is called', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const opening = await openingMs();
    const ask = await customerLine(dir, 'ask', 'Hello. How much is the health insurance for me?');
    // Both odd phones wait for the caller's BYE: SIPp exits 0 only if it came.
    const ipv6 = sippPhone(answeringScenario(dir, 'ipv6', ['wait-bye'], { media: ['c=IN IP6 ::1', 'm=audio [media_port] RTP/AVP 0', 'a=rtpmap:0 PCMU/8000'] }), 25481);
    const declined = sippPhone(answeringScenario(dir, 'declined', ['wait-bye'], { media: ['c=IN IP4 127.0.0.1', 'm=audio 0 RTP/AVP 0'] }), 25482);
    // A real customer who asks a question, while something else on the machine sends RTP, key 9 included, to the bot's port.
    const spoofed = sippPhone(answeringScenario(dir, 'spoofed', [{ pause: 500 }, { run: spoofer }, { pause: opening + 1000 }, { play: ask.pcap }, { pause: ask.ms + 4000 }, 'hang-up']), 25483);
    const plain = sippPhone(answeringScenario(dir, 'plain', [{ pause: opening + 1500 }, 'hang-up']), 25484);
    const phones = ['+155525481', '+155525482', '+155525483', '+155525484'];
    const leads = path.join(dir, 'leads.csv');
    fs.writeFileSync(leads, ['name,phone,timezone,language,plugin,consent_source,consent_date', ...phones.map((p) => `Lead,${p},${zoneAt(13)},en,insurance,web form,2026-10-01`)].join('\n'));
    const data = path.join(dir, 'data');
    let run;
    try {
      run = await callcueAsync(['autopilot', '--campaign', leads, '--line', `sip:callcue@127.0.0.1:${server.udp}`, '--concurrency', '1', '--ring', '5', '--model', 'fixture:micro', '--json'], { CALLCUE_DATA_DIR: data, CALLCUE_SIP_PASSWORD: SIP_PASSWORD }, { timeoutMs: 90_000 });
    } finally {
      for (const phone of [ipv6, declined, spoofed, plain]) phone.stop();
    }
    expect(run.code, run.stderr).toBe(0);
    const events = jsonLines(run.stdout);
    const outcomes = Object.fromEntries(events.filter((e) => e.type === 'disposition').map((e) => [e.phone, e.disposition]));
    expect(outcomes).toEqual({ '+155525481': 'failed', '+155525482': 'failed', '+155525483': 'completed', '+155525484': 'completed' });
    expect(events.find((e) => e.phone === '+155525481' && e.type === 'disposition')?.detail).toMatch(/media address CallCue's IPv4 line cannot reach/);
    expect(events.find((e) => e.phone === '+155525482' && e.type === 'disposition')?.detail).toMatch(/declined the audio stream/);
    expect(events.find((e) => e.type === 'done')).toMatchObject({ dialled: 4, stoppedBy: 'finished' });
    expect(await ipv6.exited, ipv6.log()).toBe(0);
    expect(await declined.exited, declined.log()).toBe(0);

    const store = await MetadataStore.open({ dataDir: data, keys: fileKeyStore(data) });
    try {
      const calls = await store.call('listCalls', {});
      expect(calls).toHaveLength(4);
      expect(calls.filter((c) => c.outcome === 'failed')).toHaveLength(2);
      expect(await store.call('isDoNotCall', { phone: '+155525483' })).toBe(false);
      // The real customer was still heard over the spoofer: their question became a turn.
      const spoofedCall = await store.call('getCall', { id: String(events.find((e) => e.phone === '+155525483' && e.type === 'disposition')!.callId) });
      expect(spoofedCall!.turns.filter((t) => (t as { channel?: string }).channel === 'customer').length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });
});

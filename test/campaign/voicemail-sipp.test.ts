import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answeringMachine, BEEPING_SSRC, HELLO_SSRC, helloCallee, SILENT_SSRC } from '../fixtures/answering-machine.ts';
import { openingMs } from '../fixtures/customer-phone.ts';
import { kamailioMissing, SIP_PASSWORD, startKamailio, type SipServerUnderTest } from '../fixtures/kamailio.ts';
import { sippPhone } from '../fixtures/sipp.ts';
import { voicemailMessage } from '../../main/campaign/voicemail.ts';
import { Voice } from '../../main/tts/index.ts';
import { bursts, captureLoopback, tcpdumpMissing, wireCalls, type WireCall } from '../fixtures/wire.ts';
import { callcueAsync, jsonLines } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { zoneAt } from '../helpers/zones.ts';

const skip = kamailioMissing() ?? (spawnSync('which', ['sipp']).status !== 0 ? 'SIPp is not installed (Debian: sip-tester)' : undefined) ?? tcpdumpMissing();
if (skip) console.info(`Skipping the voicemail SIPp tests: ${skip}`);

let server: SipServerUnderTest;
beforeAll(async () => {
  if (!skip) server = await startKamailio(tempDir(), { udp: 35470, tls: 35471 });
});
afterAll(() => server?.stop());

const only = (calls: WireCall[]) => {
  expect(calls).toHaveLength(1);
  return calls[0]!;
};
/** The far end's loud packets (a greeting, a beep, a "hello?"): first and last, ms since the epoch. */
const span = (packets: { at: number; rms: number }[]) => {
  const loud = packets.filter((p) => p.rms >= 300);
  return { start: loud[0]!.at, end: loud.at(-1)!.at + 20 };
};

describe.skipIf(Boolean(skip))('voicemail: callcue autopilot against SIPp answering machines and a person through Kamailio, measured on the wire', () => {
  it('leaves the message right after the beep, hangs up on a machine that never beeps, and takes "hello?" for a person', { timeout: 150_000 }, async () => {
    const dir = tempDir();
    const opening = await openingMs();
    const beeping = await answeringMachine(dir, 'beeping', { beep: true });
    const silent = await answeringMachine(dir, 'silent', { beep: false });
    const phones = [sippPhone(beeping.scenario, 25481), sippPhone(silent.scenario, 25482), sippPhone(await helloCallee(dir, { openingMs: opening }), 25483)];
    const zone = zoneAt(13);
    const leads = path.join(dir, 'leads.csv');
    fs.writeFileSync(leads, ['name,phone,timezone,language,plugin,consent_source,consent_date', ...['+155525481', '+155525482', '+155525483'].map((p) => `Lead,${p},${zone},en,insurance,web form,2026-10-01`)].join('\n'));
    const capture = path.join(dir, 'wire.pcap');
    const tcpdump = await captureLoopback(capture, 'udp and not port 35470');
    let run;
    try {
      run = await callcueAsync(['autopilot', '--campaign', leads, '--line', `sip:callcue@127.0.0.1:${server.udp}`, '--concurrency', '3', '--ring', '5', '--voicemail', 'leave-message', '--callback-number', '+14155550100', '--model', 'fixture:micro', '--json'], {
        CALLCUE_DATA_DIR: path.join(dir, 'data'),
        CALLCUE_SIP_PASSWORD: SIP_PASSWORD,
      });
    } finally {
      await tcpdump.stop();
      for (const phone of phones) phone.stop();
    }
    expect(run.code, run.stderr).toBe(0);
    const calls = Object.fromEntries(jsonLines(run.stdout).filter((e) => e.type === 'disposition').map((e) => [e.phone, e]));
    expect(calls['+155525481']).toMatchObject({ disposition: 'voicemail_left', detail: expect.stringMatching(/machine \(long_greeting\).*beep 1000 Hz/) });
    expect(calls['+155525482']).toMatchObject({ disposition: 'voicemail', detail: expect.stringMatching(/machine \(long_greeting\).*no beep/) });
    expect(calls['+155525483']).toMatchObject({ disposition: 'completed' });
    expect(calls['+155525483']!.detail).toBeUndefined();

    // (a) The beep's end on the wire -> the bot's first packet of the message; nothing from the bot over the greeting
    // beyond the moment it takes to hear that the callee is talking.
    const machine = only(wireCalls(capture, BEEPING_SSRC));
    const heard = span(machine.customer);
    const bot = bursts(machine.bot, { gapMs: 100 });
    const message = bot.find((b) => b.start >= heard.end - 100);
    const timeline = `bot ${bot.map((b) => `${Math.round(b.start - heard.start)}..${Math.round(b.end - heard.start)}`).join(', ')} ms; greeting + beep 0..${Math.round(heard.end - heard.start)} ms`;
    expect(message, timeline).toBeDefined();
    const afterBeep = message!.start - heard.end;
    const overGreeting = bot.filter((b) => b.start < heard.end - 100).reduce((ms, b) => ms + Math.min(b.end, heard.end) - Math.max(b.start, heard.start), 0);
    console.info(`SIPp voicemail on the wire: the beep's end -> the bot's message ${Math.round(afterBeep)} ms; bot audio over the greeting ${Math.round(overGreeting)} ms (${timeline})`);
    expect(afterBeep).toBeGreaterThanOrEqual(0);
    expect(afterBeep).toBeLessThanOrEqual(500);
    expect(overGreeting).toBeLessThanOrEqual(500);
    // The message, once: the bot's sound after the beep lasts about one message (the voice paces it as the CLI's does).
    const messageMs = ((await new Voice().say(voicemailMessage('en', { company: 'Sunrise Insurance', callbackNumber: '+14155550100' }), { language: 'en', sampleRate: 8000 })).samples.length / 8000) * 1000;
    const saidMs = bot.at(-1)!.end - message!.start;
    expect(saidMs / messageMs, `${Math.round(saidMs)} ms said after the beep, the message is ${Math.round(messageMs)} ms`).toBeGreaterThan(0.7);
    expect(saidMs / messageMs).toBeLessThan(1.3);

    // (c) No beep: the bot never spoke after the greeting began to be heard, and hung up.
    const mute = only(wireCalls(capture, SILENT_SSRC));
    const greeting = span(mute.customer);
    expect(bursts(mute.bot).filter((b) => b.start > greeting.start + 500)).toEqual([]);

    // (b) A person: the bot's opening goes on after "hello?", and it answers the question.
    const person = only(wireCalls(capture, HELLO_SSRC));
    const said = bursts(person.bot);
    const [hello, question] = bursts(person.customer, { gapMs: 1000 });
    expect(said.some((b) => b.end > hello!.end + 1000), 'the opening went on after "hello?"').toBe(true);
    expect(said.some((b) => b.start > question!.end), 'the bot answered the question').toBe(true);
  });
});

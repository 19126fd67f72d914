import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModel } from '../../main/asr/models/fixture.ts';
import { WhisperEngine } from '../../main/asr/whisper-engine.ts';
import { BrainRegistry } from '../../main/brain/index.ts';
import { runBotCall } from '../../main/campaign/bot-call.ts';
import type { Lead } from '../../main/campaign/leads.ts';
import type { VoicemailOptions } from '../../main/campaign/screening.ts';
import { VirtualLine } from '../../main/campaign/virtual-line.ts';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { Voice } from '../../main/tts/index.ts';
import { repoRoot } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const resources = path.join(repoRoot, 'resources');
let engine: WhisperEngine;
beforeAll(async () => {
  engine = await WhisperEngine.start({ model: fixtureModel('micro'), maxTokens: 4, temperatureFallback: false });
});
afterAll(() => engine?.close());

type Machine = { beepEndAt?: number; messageAt?: number; spokeOverGreeting: number };

/** The bot calls the virtual answering machine (a number ending in 3) under a voicemail policy. */
async function callMachine(language: 'en' | 'zh-CN', voicemail: VoicemailOptions) {
  const dir = tempDir();
  const store = await MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) });
  const voice = new Voice();
  const line = new VirtualLine(voice, resources);
  const phone = '+8613800000003';
  const lead: Lead = { line: 2, name: 'x', phone, timeZone: 'Asia/Shanghai', region: 'CN', language, plugin: 'insurance', consentSource: 'web', consentDate: '2026-10-01' };
  try {
    const dialled = await line.dial(phone, { ringSeconds: 30, language, plugin: 'insurance' });
    if (!dialled.answered) throw new Error('the virtual machine did not answer');
    const result = await runBotCall(dialled.call, lead, { brain: await new BrainRegistry(resources).brain('insurance'), engine, voice, store, sampleRate: line.sampleRate, asr: 'fixture', fixture: true, doNotCall: async () => {}, voicemail });
    return { result, machine: (dialled.call as unknown as { voicemail: Machine }).voicemail, stored: await store.call('getCall', { id: result.callId }) };
  } finally {
    await store.close();
  }
}

describe('voicemail on the virtual line (real speech, Silero VAD, the Goertzel beep detector)', () => {
  it.each(['en', 'zh-CN'] as const)('leave_message (%s): silent over the greeting, the message right after the beep, voicemail_left', { timeout: 90_000 }, async (language) => {
    const { result, machine, stored } = await callMachine(language, { policy: 'leave_message', callbackNumber: '+14155550100' });
    const afterBeep = machine.messageAt! - machine.beepEndAt!;
    console.info(`virtual voicemail (${language}): ${result.detail}; message ${Math.round(afterBeep)} ms after the beep's end; bot spoke ${machine.spokeOverGreeting} ms over the greeting`);
    expect(result.disposition).toBe('voicemail_left');
    expect(stored!.outcome).toBe('voicemail_left');
    expect(result.detail).toMatch(/machine \(long_greeting\).*beep 1000 Hz/);
    expect(afterBeep).toBeGreaterThanOrEqual(0);
    expect(afterBeep).toBeLessThanOrEqual(500);
    // The opening starts at the answer (abandonment rule) and holds as soon as the greeting is heard.
    expect(machine.spokeOverGreeting).toBeLessThanOrEqual(400);
  });

  it('hang_up: the call ends as voicemail before the beep, with nothing said after it', { timeout: 90_000 }, async () => {
    const { result, machine } = await callMachine('en', { policy: 'hang_up' });
    expect(result.disposition).toBe('voicemail');
    expect(machine.beepEndAt).toBeUndefined();
    expect(machine.messageAt).toBeUndefined();
  });
});

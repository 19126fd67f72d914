import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModel } from '../../main/asr/models/fixture.ts';
import { WhisperEngine } from '../../main/asr/whisper-engine.ts';
import { BrainRegistry } from '../../main/brain/index.ts';
import { runBotCall } from '../../main/campaign/bot-call.ts';
import type { Lead } from '../../main/campaign/leads.ts';
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

type Yield = { spokeAt: number; silentAt?: number; lineCompleted?: boolean };

/** One answered virtual call run by the bot until the callee's interjection has been dealt with. */
async function interjected(phone: string, until: (y: Yield | undefined) => unknown): Promise<Yield> {
  const dir = tempDir();
  const store = await MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) });
  const voice = new Voice();
  const line = new VirtualLine(voice, resources);
  const lead: Lead = { line: 2, name: 'x', phone, timeZone: 'Asia/Shanghai', region: 'CN', language: 'en', plugin: 'insurance', consentSource: 'web', consentDate: '2026-10-01' };
  try {
    const dialled = await line.dial(phone, { ringSeconds: 30, language: 'en', plugin: 'insurance' });
    if (!dialled.answered) throw new Error('the virtual callee did not answer');
    const yields = (dialled.call as unknown as { yields: Yield[] }).yields;
    const call = runBotCall(dialled.call, lead, { brain: await new BrainRegistry(resources).brain('insurance'), engine, voice, store, sampleRate: line.sampleRate, asr: 'fixture', fixture: true, doNotCall: async () => {} });
    await expect.poll(() => until(yields[0]), { timeout: 60_000, interval: 100 }).toBeDefined();
    await dialled.call.hangUp();
    await call;
    return yields[0]!;
  } finally {
    await store.close();
  }
}

describe('barge-in on the virtual line (real speech, Silero VAD)', () => {
  it('the callee starts talking over the bot: the bot is silent within 200 ms and yields the turn', { timeout: 90_000 }, async () => {
    const y = await interjected('+8613800000006', (y) => y?.lineCompleted);
    const ms = y.silentAt! - y.spokeAt;
    console.info(`barge-in: bot silent ${Math.round(ms)} ms after the callee's first frame of speech`);
    expect(ms).toBeLessThanOrEqual(200);
    expect(y.lineCompleted).toBe(false);
  });

  it('an "uh-huh" while the bot talks: the bot pauses at most briefly and finishes its line', { timeout: 90_000 }, async () => {
    const y = await interjected('+8613800000005', (y) => y?.lineCompleted);
    expect(y.lineCompleted).toBe(true);
  });
});

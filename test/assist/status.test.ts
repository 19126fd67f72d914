import { afterEach, describe, expect, it } from 'vitest';
import { CONSENT_VERSION, type CallEvent } from '../../preload/contract.ts';
import { createHeadlessCore } from '../../main/core/headless.ts';
import { tempDir } from '../helpers/tmp.ts';

let core: ReturnType<typeof createHeadlessCore> | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

describe('assist call status (calls.status), for a page that reloads mid-call', () => {
  it('reports the running call with its latest suggestions, "ending" while it ends, then idle', { timeout: 60_000 }, async () => {
    // The tiny-layout Whisper fixture plays the sample call in real time: the call is still running when asked.
    core = createHeadlessCore({ ...process.env, CALLCUE_DATA_DIR: tempDir() }, { model: 'fixture:tiny' });
    const events: CallEvent[] = [];
    core.hub.attach({ id: 'test', send: (event, payload) => event === 'call.event' && events.push(payload as CallEvent) });
    expect(core.assist.status()).toEqual({ state: 'idle' });
    await core.assist.giveConsent(CONSENT_VERSION);
    const { callId } = await core.assist.start({ plugin: 'insurance', language: 'en', source: 'sample' });
    await expect.poll(() => events.some((e) => e.type === 'opening'), { timeout: 20_000 }).toBe(true);

    const live = core.assist.status();
    expect(live).toMatchObject({ state: 'live', callId, asr: 'whisper fixture:tiny', capture: [] });
    expect(live.state !== 'idle' && live.replay.map((e) => e.type)).toEqual(['opening']);

    const stopping = core.assist.stop();
    expect(core.assist.status().state).toBe('ending');
    await stopping;
    expect(core.assist.status()).toEqual({ state: 'idle' });
  });
});

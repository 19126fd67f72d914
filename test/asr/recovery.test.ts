import { describe, expect, it } from 'vitest';
import { openFileSource } from '../../main/audio/file-source.ts';
import { Listener } from '../../main/asr/listener.ts';
import { fixtureModel } from '../../main/asr/models/fixture.ts';
import type { TranscriptEvent } from '../../main/asr/types.ts';
import { sileroDetector } from '../../main/asr/vad.ts';
import { WhisperEngine } from '../../main/asr/whisper-engine.ts';
import { concat, silence, speak } from '../fixtures/speech.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('Whisper process crash during a call', () => {
  it('the listener reports it, the engine restarts, transcription goes on, no turn is emitted twice', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const sentences = ['How much is the accident cover?', 'I already have health insurance.', 'Call me back tomorrow afternoon.'];
    const file = concat(dir, 'call', sentences.flatMap((s, i) => [speak(dir, `s${i}`, s), silence(dir, `g${i}`, 1.5)]));
    const engine = await WhisperEngine.start({ model: fixtureModel('micro'), maxTokens: 24, temperatureFallback: false });
    const firstPid = engine.pid;
    const listener = new Listener({ source: await openFileSource(file), engine, detector: sileroDetector, language: 'en', minProb: 0 });
    const events: TranscriptEvent[] = [];
    for await (const event of listener) {
      events.push(event);
      // Kill the Whisper process as the second turn ends: a turn is in flight or queued when it dies.
      if (event.type === 'speech_end' && events.filter((e) => e.type === 'speech_end').length === 2) process.kill(engine.pid!, 'SIGKILL');
    }
    const errors = events.filter((e) => e.type === 'error');
    expect(errors).toEqual([expect.objectContaining({ code: 'asr_crashed', retryable: true })]);
    const finals = events.filter((e): e is Extract<TranscriptEvent, { id: string }> => e.type === 'final');
    expect(finals).toHaveLength(sentences.length);
    expect(new Set(finals.map((f) => f.id)).size).toBe(sentences.length);
    // Each final answers one turn that ended.
    expect(finals.map((f) => f.id)).toEqual(events.filter((e) => e.type === 'speech_end').map((e) => (e as { id: string }).id));
    expect(engine.pid).not.toBe(firstPid);
    // The restarted engine keeps working.
    expect((await engine.transcribe(new Float32Array(16000), { language: 'en' })).ms).toBeGreaterThanOrEqual(0);
    await engine.close();
  });

  it('a damaged model file is one clear error before any process starts', async () => {
    const dir = tempDir();
    const bogus = `${dir}/ggml-bogus.bin`;
    (await import('node:fs')).writeFileSync(bogus, Buffer.from([0x6c, 0x6d, 0x67, 0x67, 1, 2, 3]));
    await expect(WhisperEngine.start({ model: bogus })).rejects.toThrow(/ggml-bogus\.bin is not a usable Whisper model: too short/);
  });
});

describe('partial transcripts', () => {
  it('while a long turn goes on, partials come before its final, with the same id', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const long = speak(dir, 'long', 'Well, I have been thinking about the health cover you mentioned, and I would like to know what it costs for a family of four with two small children.');
    const engine = await WhisperEngine.start({ model: fixtureModel('micro'), maxTokens: 8, temperatureFallback: false });
    const events: TranscriptEvent[] = [];
    for await (const e of new Listener({ source: await openFileSource(long, { realtime: true }), engine, detector: sileroDetector, language: 'en', minProb: 0, partials: true })) events.push(e);
    await engine.close();
    const final = events.find((e) => e.type === 'final') as Extract<TranscriptEvent, { id: string; t0: number }>;
    const partials = events.filter((e) => e.type === 'partial') as Extract<TranscriptEvent, { id: string; t1: number }>[];
    expect(partials.length).toBeGreaterThanOrEqual(2);
    expect(partials.every((p) => p.id === final.id && p.t1 < final.t1)).toBe(true);
    expect(events.indexOf(final)).toBeGreaterThan(events.indexOf(partials.at(-1)!));
  });
});

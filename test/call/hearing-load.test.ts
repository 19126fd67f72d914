import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeadlineQueue, type AsrJob } from '../../main/asr/deadline-queue.ts';
import { fixtureModel } from '../../main/asr/models/fixture.ts';
import type { AsrEngine, AsrResult, TranscriptEvent } from '../../main/asr/types.ts';
import { WhisperEngine } from '../../main/asr/whisper-engine.ts';
import { openFileSource } from '../../main/audio/file-source.ts';
import { BrainRegistry } from '../../main/brain/index.ts';
import { openHearing } from '../../main/call/hearing.ts';
import { openCallPipeline, type SessionEvent } from '../../main/call/pipeline.ts';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { concat, silence, speak } from '../fixtures/speech.ts';
import { repoRoot } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

type Job = AsrJob<AsrResult> & { name: string };
const job = (name: string, deadline?: number, expiresAt?: number): Job & { error?: Error } => {
  const j: Job & { error?: Error } = { name, pcm: new Float32Array(0), options: { deadline, expiresAt }, resolve: () => undefined, reject: (e) => (j.error = e) };
  return j;
};

describe('the recogniser queue under load', () => {
  it('serves the earliest deadline first (the customer before the rep), keeps order among equals, skips what expired', () => {
    const queue = new DeadlineQueue<Job>(4);
    const rep = job('rep', 5000);
    const late = job('partial-old', 0, 100);
    const customer = job('customer', 1000);
    const partial = job('partial');
    for (const j of [partial, rep, late, customer]) expect(queue.add(j)).toBe(true);
    expect(queue.add(job('one too many'))).toBe(false);
    expect(queue.next(200)?.name).toBe('customer');
    expect(late.error).toMatchObject({ code: 'asr_late' });
    expect(queue.next(200)?.name).toBe('rep');
    expect(queue.next(200)?.name).toBe('partial');
    expect(queue.next(200)).toBeUndefined();
  });

  it('eight live calls on one recogniser: turns it cannot reach in time are merged into the next, none is lost', { timeout: 150_000 }, async () => {
    const dir = tempDir();
    const said = ['Hello?', 'Yes.', 'How much is it?', 'Too expensive.', 'Maybe later.', 'Please do not call me again.'];
    const file = concat(dir, 'call', said.flatMap((s, i) => [speak(dir, `s${i}`, s), silence(dir, `g${i}`, 0.8)]));
    const engine = await WhisperEngine.start({ model: fixtureModel('micro'), maxTokens: 8, temperatureFallback: false });
    // The real engine on a CPU too slow for eight calls: one turn at a time, each taking at least 400 ms, so eight
    // callers speaking every second or two overrun it whatever this machine's speed.
    let busy = Promise.resolve();
    const slow: AsrEngine = {
      info: engine.info,
      transcribe: (pcm, options) => {
        const run = busy.then(async () => {
          const [result] = await Promise.all([engine.transcribe(pcm, options), new Promise((r) => setTimeout(r, 400))]);
          return result;
        });
        busy = run.then(() => undefined, () => undefined);
        return run;
      },
      close: () => engine.close(),
    };
    try {
      const calls = await Promise.all(Array.from({ length: 8 }, async () => openHearing({ source: await openFileSource(file, { realtime: true }), recogniser: slow, language: 'en', fixture: true, maxLagMs: 1000 })));
      const outcomes = await Promise.all(
        calls.map(async (listener) => {
          const ended: string[] = [];
          const settled = new Map<string, string>();
          for await (const e of listener as AsyncIterable<TranscriptEvent>) {
            if (e.type === 'speech_end') ended.push(e.id);
            if (e.type === 'final' || e.type === 'unheard') settled.set(e.id, e.type);
            if (e.type === 'merged') settled.set(e.id, `merged into ${e.into}`);
          }
          return { ended, settled };
        }),
      );
      const merged = outcomes.flatMap((o) => [...o.settled.values()].filter((v) => v.startsWith('merged')));
      console.info(`${outcomes.reduce((n, o) => n + o.ended.length, 0)} turns, ${merged.length} merged into a later one`);
      for (const o of outcomes) {
        // Every turn that ended is accounted for once: words, or merged into a later turn that has them.
        expect([...o.settled.keys()].sort()).toEqual([...o.ended].sort());
        for (const [id, outcome] of o.settled) if (outcome.startsWith('merged')) expect(o.settled.get(outcome.slice('merged into '.length)), id).toBe('final');
        // The last turn (here the opt-out) is never merged away: it has no later one.
        expect(o.settled.get(o.ended.at(-1)!)).toBe('final');
      }
      expect(merged.length).toBeGreaterThan(0);
    } finally {
      await engine.close();
    }
  });

  it('a recogniser killed again and again: the call goes on to its end, and the ASR health alert fires', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const sentences = ['Hello, who is this?', 'How much is the accident cover?', 'I already have health insurance.', 'What does it cost per month?', 'Can you send me the details?', 'Call me back tomorrow.'];
    const file = concat(dir, 'call', sentences.flatMap((s, i) => [speak(dir, `s${i}`, s), silence(dir, `g${i}`, 1.2)]));
    const engine = await WhisperEngine.start({ model: fixtureModel('micro'), maxTokens: 16, temperatureFallback: false, maxRestarts: 2 });
    const store = await MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) });
    try {
      const brain = (await new BrainRegistry(path.join(repoRoot, 'resources')).brain('insurance')).startCall({ language: 'en', mode: 'assist', timeZone: 'UTC' });
      const pipeline = openCallPipeline({ mode: 'assist', plugin: 'insurance', brain, store, asr: 'whisper fixture:micro', hearing: { source: await openFileSource(file), recogniser: engine, language: 'en', fixture: true } });
      const events: SessionEvent[] = [];
      for await (const e of pipeline.events) {
        events.push(e);
        // Kill the recogniser's process as each customer turn is being recognised, until it gives up for good.
        if (e.type === 'transcript' || e.type === 'hearing' || e.type === 'opening') {
          try {
            process.kill(engine.pid!, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
      }
      const hearing = events.filter((e): e is Extract<SessionEvent, { type: 'hearing' }> => e.type === 'hearing');
      expect(hearing.length).toBe(sentences.length);
      expect(hearing.at(-1)).toMatchObject({ turns: sentences.length, alert: true });
      expect(hearing.at(-1)!.unheard).toBeGreaterThan(sentences.length * 0.05);
      expect(events.some((e) => e.type === 'error' && e.code === 'asr_failed')).toBe(true);
      expect(events.at(-1)).toMatchObject({ type: 'ended' });
    } finally {
      await engine.close();
      await store.close();
    }
  });
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Listener } from '../../main/asr/listener.ts';
import { fixtureModel } from '../../main/asr/models/fixture.ts';
import type { AsrEngine, AsrOptions } from '../../main/asr/types.ts';
import { sileroDetector } from '../../main/asr/vad.ts';
import { WhisperEngine } from '../../main/asr/whisper-engine.ts';
import { openFileSource } from '../../main/audio/file-source.ts';
import { concat, silence, speak } from '../fixtures/speech.ts';

/**
 * Early recognition on a live call: the customer's turn is recognised at their first pause, while the end of the
 * turn is still being decided. A turn that ends there is not recognised twice, and its words are those of the
 * same samples; a speaker who goes on gets their whole turn recognised, and the early job is dropped if still waiting.
 */
let whisper: WhisperEngine;
beforeAll(async () => {
  whisper = await WhisperEngine.start({ model: fixtureModel('micro'), maxTokens: 8, temperatureFallback: false });
});
afterAll(() => whisper?.close());

/** The real fixture engine, counting what it is asked and how much audio each request carries. */
function counted(): { engine: AsrEngine; asked: { samples: number; options: AsrOptions }[] } {
  const asked: { samples: number; options: AsrOptions }[] = [];
  return { asked, engine: { info: whisper.info, close: async () => {}, transcribe: (pcm, options = {}) => (asked.push({ samples: pcm.length, options }), whisper.transcribe(pcm, options)) } };
}

/** `partials`: with a 900 ms end of turn, so the early words have 700 ms to come in before it on a loaded machine. */
async function listen(file: string, early: boolean, engine: AsrEngine, partials = false) {
  // Paced like a live call: read at once, the recogniser would still be busy with one turn at the next one's pause.
  const listener = new Listener({ source: await openFileSource(file, { realtime: true }), engine, detector: sileroDetector, language: 'en', minProb: 0, early, urgent: 'customer', partials, vad: partials ? { endOfTurnMs: 900 } : undefined });
  const events = [];
  for await (const e of listener) events.push(e);
  return events;
}

describe('early recognition at the first pause', () => {
  // For the whole file (tempDir's folders go after each test).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-early-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let twoTurns: string;
  let pausedTurn: string;
  beforeAll(() => {
    twoTurns = concat(dir, 'two', [speak(dir, 'a', 'How much does the health cover cost?'), silence(dir, 'g', 1.5), speak(dir, 'b', 'Send me the details.'), silence(dir, 'e', 1)]);
    // "I mean ... well": a pause longer than the first-pause trigger, shorter than the end of the turn (600 ms); espeak's
    // own silence around the words is cut so the pause is the one made here.
    const trimmed = (name: string, text: string) => {
      const out = path.join(dir, `${name}-trim.wav`);
      execFileSync('sox', [speak(dir, name, text), out, 'silence', '1', '0.02', '1%', 'reverse', 'silence', '1', '0.02', '1%', 'reverse']);
      return out;
    };
    pausedTurn = concat(dir, 'paused', [trimmed('c', 'I mean'), silence(dir, 'p', 0.4), trimmed('d', 'well, tell me more about the price.'), silence(dir, 'e2', 1)]);
  });

  it('a turn that ends at its pause is recognised once, early, and gets the same words as without', async () => {
    const on = counted();
    const finals = (await listen(twoTurns, true, on.engine)).filter((e) => e.type === 'final');
    const off = counted();
    const plain = (await listen(twoTurns, false, off.engine)).filter((e) => e.type === 'final');
    expect(finals).toHaveLength(2);
    expect(on.asked.map((a) => a.samples)).toEqual(off.asked.map((a) => a.samples));
    expect(finals.map((f) => f.type === 'final' && f.text)).toEqual(plain.map((f) => f.type === 'final' && f.text));
    // Asked with a signal (cancellable) only when early.
    expect(on.asked.every((a) => a.options.signal instanceof AbortSignal)).toBe(true);
    expect(off.asked.some((a) => a.options.signal)).toBe(false);
  });

  it('with partials: the words recognised at the pause come as a partial while the end is decided, then the same as the final', async () => {
    const on = counted();
    const events = await listen(twoTurns, true, on.engine, true);
    const finals = events.filter((e) => e.type === 'final');
    expect(finals).toHaveLength(2);
    for (const final of finals) {
      if (final.type !== 'final') continue;
      const end = events.findIndex((e) => e.type === 'speech_end' && e.id === final.id);
      // The last partial before the turn's end: the early words, of exactly the turn's audio.
      const early = events.slice(0, end).findLast((e) => e.type === 'partial' && e.id === final.id);
      expect(early).toMatchObject({ text: final.text, t0: final.t0, t1: final.t1 });
    }
    // Nothing recognised twice for it: one request per turn at its pause, plus partials while each turn went on.
    expect(on.asked.filter((a) => a.options.signal).length).toBe(2);
  });

  it('a speaker who goes on after a pause: the whole turn is recognised, the early job given up', async () => {
    const on = counted();
    const events = await listen(pausedTurn, true, on.engine);
    const finals = events.filter((e) => e.type === 'final');
    expect(finals).toHaveLength(1);
    // Each early request (after "I mean", and at any pause the voice itself makes) was given up when the speaker went
    // on; the turn's own request, the last, carried all of it.
    expect(on.asked.length).toBeGreaterThanOrEqual(2);
    expect(on.asked.slice(0, -1).every((a) => a.options.signal?.aborted)).toBe(true);
    expect(on.asked.at(-1)!.samples).toBeGreaterThan(on.asked[0]!.samples * 2);
    const [turn] = finals;
    expect(turn?.type === 'final' && turn.t1 - turn.t0).toBeGreaterThan(2000);
  });
});

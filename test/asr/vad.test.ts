import { execFileSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileSource } from '../../main/audio/file-source.ts';
import { isHallucination } from '../../main/asr/hallucination.ts';
import { sileroDetector, VadSegmenter, type VadEvent, type VadSettings } from '../../main/asr/vad.ts';
import { concat, silence, speak } from '../fixtures/speech.ts';

async function segments(file: string, settings: Partial<VadSettings> = {}): Promise<VadEvent[]> {
  const source = await openFileSource(file);
  const vad = new VadSegmenter('customer', await sileroDetector(), settings);
  const events: VadEvent[] = [];
  for await (const frame of source) events.push(...(await vad.push(frame)));
  events.push(...vad.flush());
  return events;
}

describe('voice activity and end of turn (Silero VAD on real speech)', () => {
  // Shared by the tests below, so made once here and removed at the end.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-vad-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const threeTurns = concat(dir, 'three', [speak(dir, 'a', 'Hello, who is calling?'), silence(dir, 'g1', 1.2), speak(dir, 'b', 'What does the plan cover?'), silence(dir, 'g2', 1.2), speak(dir, 'c', 'Send me the details.')]);

  it('finds each turn, with its timing', async () => {
    const ends = (await segments(threeTurns)).filter((e) => e.type === 'speech_end');
    expect(ends).toHaveLength(3);
    expect(ends[1]!.t0).toBeGreaterThan(ends[0]!.t1);
    expect(ends.every((e) => e.type === 'speech_end' && e.audio.length === ((e.t1 - e.t0) / 1000) * 16000)).toBe(true);
  });

  it('a longer end-of-turn silence joins pauses into one turn', async () => {
    expect((await segments(threeTurns, { endOfTurnMs: 2000 })).filter((e) => e.type === 'speech_end')).toHaveLength(1);
  });

  it('never sends silence or noise alone', async () => {
    const noise = path.join(dir, 'noise.wav');
    execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', noise, 'synth', '3', 'brownnoise', 'vol', '0.05']);
    expect((await segments(silence(dir, 'quiet', 3))).filter((e) => e.type === 'speech_end')).toEqual([]);
    expect((await segments(noise)).filter((e) => e.type === 'speech_end')).toEqual([]);
  });

  it("says each pause with the turn's audio so far: when the turn ends there, exactly the audio it ends with", async () => {
    const events = await segments(threeTurns);
    const turns = events.filter((e) => e.type === 'speech_end');
    expect(turns).toHaveLength(3);
    // The third ends with the file (closed as it is), the first two by their silence.
    for (const end of turns.slice(0, 2)) {
      // The last pause before each end: no voice since, so the same samples (the early recognition's whole point).
      const paused = events.slice(0, events.indexOf(end)).findLast((e) => e.type === 'speech_paused' || e.type === 'speech_resumed');
      expect(paused?.type).toBe('speech_paused');
      if (paused?.type !== 'speech_paused') continue;
      expect([paused.t0, paused.t1, paused.stoppedAt]).toEqual([end.t0, end.t1, end.stoppedAt]);
      expect(paused.audio).toEqual(end.audio);
    }
    // Held together by a long end-of-turn silence, each pause inside the turn is said, and the voice after it.
    const long = (await segments(threeTurns, { endOfTurnMs: 2000 })).map((e) => e.type).filter((t) => t === 'speech_paused' || t === 'speech_resumed' || t === 'speech_end');
    expect(long.slice(-5)).toEqual(['speech_resumed', 'speech_paused', 'speech_resumed', 'speech_paused', 'speech_end']);
  });

  it('drops bursts shorter than the minimum speech length', async () => {
    const ends = (await segments(threeTurns, { minSpeechMs: 5000 })).filter((e) => e.type === 'speech_end');
    expect(ends).toEqual([]);
  });
});

describe('hallucination filter', () => {
  it.each(['Thank you for watching!', '谢谢观看', '以下是普通话的句子。', '字幕由Amara.org社区提供', '[BLANK_AUDIO]', '...', ''])('drops %j', (text) => expect(isHallucination(text, 0.9)).toBe(true));
  it('keeps real turns, drops unsure ones', () => {
    expect(isHallucination('Thank you, that helps.', 0.9)).toBe(false);
    expect(isHallucination('多少钱', 0.7)).toBe(false);
    expect(isHallucination('多少钱', 0.1)).toBe(true);
  });
});

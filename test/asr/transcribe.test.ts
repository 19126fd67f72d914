import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileSource } from '../../main/audio/file-source.ts';
import { FRAME_MS } from '../../main/audio/frames.ts';
import { callcue } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { concat, silence, speak, stereo } from '../fixtures/speech.ts';

/** Random weights of the real layout: the pipeline runs for real, the words are meaningless. */
const micro = 'fixture:micro';

describe('callcue transcribe: bad input gets one clear line and exit 2', () => {
  const cases: [string, (dir: string) => string, RegExp][] = [
    ['a missing file', (dir) => path.join(dir, 'nope.wav'), /nope\.wav: no such file/],
    ['an empty file', (dir) => (fs.writeFileSync(path.join(dir, 'empty.wav'), ''), path.join(dir, 'empty.wav')), /the file is empty/],
    [
      'a truncated WAV',
      (dir) => {
        const file = speak(dir, 'full', 'this recording will be cut short');
        const bytes = fs.readFileSync(file);
        fs.writeFileSync(path.join(dir, 'cut.wav'), bytes.subarray(0, Math.floor(bytes.length / 2)));
        return path.join(dir, 'cut.wav');
      },
      /the WAV file is truncated/,
    ],
    ['a text file posing as audio', (dir) => (fs.writeFileSync(path.join(dir, 'notes.mp3'), 'call notes, not audio\n'.repeat(50)), path.join(dir, 'notes.mp3')), /not a readable audio file/],
    ['a folder', (dir) => dir, /not a file/],
  ];
  it.each(cases)('%s', (_what, make, message) => {
    const { code, stderr, stdout } = callcue(['transcribe', make(tempDir()), '--model', micro]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('no model: says where to put one', () => {
    const dir = tempDir();
    const clip = speak(dir, 'hello', 'hello there');
    const { code, stderr } = callcue(['transcribe', clip], { CALLCUE_WHISPER_MODEL: '' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^callcue: No Whisper model\. Put a ggml model/);
  });

  it('a model file that is not a model', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'fake.bin'), 'these are call notes, not model weights at all\n'.repeat(4));
    const { code, stderr } = callcue(['transcribe', speak(dir, 'hi', 'hi'), '--model', path.join(dir, 'fake.bin')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/fake\.bin is not a usable Whisper model: not a ggml file/);
  });
});

describe('callcue transcribe: who spoke when', () => {
  it('stereo: left is the rep, right the customer, with timings; only speech is sent to Whisper', () => {
    const dir = tempDir();
    const rep = concat(dir, 'rep', [speak(dir, 'r1', 'Hello, this is Lily from Sunrise Insurance.'), silence(dir, 's1', 4)]);
    const customer = concat(dir, 'customer', [silence(dir, 's2', 3.5), speak(dir, 'c1', 'How much does the health cover cost?')]);
    const call = stereo(dir, 'call', rep, customer);
    const { code, stdout, stderr } = callcue(['transcribe', call, '--json', '--model', micro, '--lang', 'en']);
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { channel: string; t0: number; t1: number });
    expect(lines.map((l) => l.channel)).toEqual(['rep', 'customer']);
    expect(lines[0]!.t0).toBeLessThan(500);
    expect(lines[1]!.t0).toBeGreaterThan(3000);
    expect(lines[1]!.t1).toBeGreaterThan(lines[1]!.t0 + 1000);
  });

  it('mono: everything is the customer; silence alone gives no segment', () => {
    const dir = tempDir();
    const mono = concat(dir, 'mono', [silence(dir, 'a', 1), speak(dir, 'b', 'I would like a quote please'), silence(dir, 'c', 2)]);
    const out = callcue(['transcribe', mono, '--json', '--model', micro]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((l) => l.channel)).toEqual(['customer']);
    const quiet = callcue(['transcribe', silence(dir, 'quiet', 3), '--json', '--model', micro]);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout.trim()).toBe('');
  });
});

describe('short clips with no lead-in silence', () => {
  it('a 1.4 s utterance that starts at once is read whole, even when reading starts after the decoder has finished', async () => {
    const dir = tempDir();
    const clip = path.join(dir, 'clip.wav');
    // Leading silence trimmed: speech from the first sample, as a phone line cut in mid-breath delivers it.
    execFileSync('sox', [speak(dir, 'raw', 'It is too expensive.'), clip, 'silence', '1', '0.01', '1%']);
    const source = await openFileSource(clip);
    // The Whisper model loads between opening the file and reading it: base takes about a second.
    await new Promise((r) => setTimeout(r, 1000));
    let frames = 0;
    for await (const frame of source) if (frame.channel === 'customer') frames++;
    expect(frames * FRAME_MS).toBeGreaterThan(1200);
    const { code, stdout, stderr } = callcue(['transcribe', clip, '--json', '--model', micro]);
    expect(code, stderr).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });
});

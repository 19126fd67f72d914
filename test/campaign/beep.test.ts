import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BeepDetector, type Tone } from '../../main/campaign/beep.ts';
import { speak } from '../fixtures/speech.ts';
import { tempDir } from '../helpers/tmp.ts';

const RATE = 16000;
const FRAME = 512;

/** sox's output as 16 kHz float samples: `input` is sox's input side (a file, or -n with synth effects after). */
function sox(input: string[], effects: string[] = []): Float32Array {
  const raw = execFileSync('sox', [...input, '-t', 'raw', '-e', 'floating-point', '-b', '32', '-r', String(RATE), '-c', '1', '-', ...effects], { maxBuffer: 64 << 20 });
  return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
}

/** A tone of `hz` for `seconds` at -6 dBFS between 0.5 s of silence on either side, as sox synthesises it. */
const tone = (hz: number, seconds: number, extra: string[] = []) => sox(['-n', '-r', String(RATE)], ['synth', String(seconds), 'sine', String(hz), 'vol', '0.5', 'pad', '0.5', '0.5', ...extra]);

function beepsIn(samples: Float32Array): Tone[] {
  const detector = new BeepDetector(RATE);
  const found: Tone[] = [];
  for (let i = 0; i + FRAME <= samples.length + FRAME; i += FRAME) {
    const frame = new Float32Array(FRAME);
    frame.set(samples.subarray(i, i + FRAME));
    const beep = detector.push(frame, (i / RATE) * 1000);
    if (beep) found.push(beep);
  }
  return found;
}

describe('Goertzel beep detector on sox-generated audio', () => {
  it.each([
    [440, 0.2],
    [850, 0.5],
    [1000, 0.5],
    [1400, 1],
    [1950, 0.3],
  ])('finds a %i Hz tone of %f s, its frequency within a bin and its end within a frame', (hz, seconds) => {
    const [beep, ...more] = beepsIn(tone(hz, seconds));
    expect(more).toEqual([]);
    expect(Math.abs(beep!.hz - hz)).toBeLessThanOrEqual(32);
    expect(Math.abs(beep!.startMs - 500)).toBeLessThanOrEqual(32);
    expect(Math.abs(beep!.endMs - (500 + seconds * 1000))).toBeLessThanOrEqual(32);
  });

  it('finds a beep through the phone line (G.711 μ-law at 8 kHz) and under noise 15 dB down', () => {
    const dir = tempDir();
    const line = `${dir}/line.wav`;
    execFileSync('sox', ['-n', '-r', '8000', '-e', 'u-law', '-c', '1', line, 'synth', '0.5', 'sine', '1000', 'vol', '0.5', 'pad', '0.5', '0.5']);
    expect(beepsIn(sox([line]))).toHaveLength(1);
    const noisy = `${dir}/noisy.wav`;
    execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', `${dir}/tone.wav`, 'synth', '0.5', 'sine', '1000', 'vol', '0.5', 'pad', '0.5', '0.5']);
    execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', `${dir}/noise.wav`, 'synth', '1.5', 'whitenoise', 'vol', '0.09']);
    execFileSync('sox', ['-m', `${dir}/tone.wav`, `${dir}/noise.wav`, noisy]);
    expect(beepsIn(sox([noisy]))).toHaveLength(1);
  });

  it('hears no beep in speech (English and Mandarin greetings), white or pink noise, silence, or a tone too long to be one', () => {
    const dir = tempDir();
    const en = speak(dir, 'en', "Hi, you have reached Sam. I can't take your call right now, please leave a message after the tone.");
    const zh = speak(dir, 'zh', '您好，您拨打的用户暂时无法接听，请在提示音后留言。', 'zh');
    expect(beepsIn(sox([en]))).toEqual([]);
    expect(beepsIn(sox([zh]))).toEqual([]);
    expect(beepsIn(sox(['-n', '-r', String(RATE)], ['synth', '3', 'whitenoise', 'vol', '0.3']))).toEqual([]);
    expect(beepsIn(sox(['-n', '-r', String(RATE)], ['synth', '3', 'pinknoise', 'vol', '0.3']))).toEqual([]);
    expect(beepsIn(new Float32Array(RATE * 2))).toEqual([]);
    expect(beepsIn(tone(425, 4))).toEqual([]); // a dial tone, not a beep
    expect(beepsIn(tone(1000, 0.1))).toEqual([]); // a click
  });
});

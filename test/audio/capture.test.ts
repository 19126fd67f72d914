import { describe, expect, it } from 'vitest';
import { openMicSource } from '../../main/audio/mic-source.ts';
import { sileroDetector, VadSegmenter, type VadEvent } from '../../main/asr/vad.ts';
import { ensureVirtualSoundCard, play } from '../fixtures/pulse.ts';
import { concat, silence, speak } from '../fixtures/speech.ts';
import { tempDir } from '../helpers/tmp.ts';

const card = ensureVirtualSoundCard();
if ('skipped' in card) console.info(`Skipping the live capture test: ${card.skipped}`);

/** Real capture: speech played into a PulseAudio null sink, captured from its monitor through node-web-audio-api. */
describe.skipIf('skipped' in card)('microphone capture on a virtual sound card', () => {
  it('captures what is played, resampled to 16 kHz, and the VAD finds the speech', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const clip = concat(dir, 'turn', [silence(dir, 'lead', 0.5), speak(dir, 'speech', 'Hello, I would like to know the price of the health cover.'), silence(dir, 'tail', 1.5)]);
    const mic = await openMicSource({ channel: 'rep' });
    expect(mic.device).toMatch(/pulse/i);
    const vad = new VadSegmenter('rep', await sileroDetector());
    const events: VadEvent[] = [];
    let frames = 0;
    const playing = play(clip).then(() => new Promise((r) => setTimeout(r, 1200))).then(() => mic.close());
    for await (const frame of mic) {
      frames++;
      expect(frame.samples).toHaveLength(512);
      events.push(...(await vad.push(frame)));
    }
    await playing;
    events.push(...vad.flush());
    const ends = events.filter((e) => e.type === 'speech_end');
    expect(ends.length).toBeGreaterThanOrEqual(1);
    const spoken = ends.reduce((ms, e) => ms + (e.type === 'speech_end' ? e.t1 - e.t0 : 0), 0);
    // espeak says the sentence in about 3.5 s.
    expect(spoken).toBeGreaterThan(2000);
    expect(frames * 32).toBeGreaterThan(3000);
    expect(mic.dropped).toBe(0);
  });

  it('an unknown device is one clear error', async () => {
    await expect(openMicSource({ device: 'Headset that is not plugged in' })).rejects.toThrow(/No microphone matches "Headset that is not plugged in"/);
  });
});

/** An answering machine's record tone: one steady frequency, heard from its first tonal frame to its last. */
export interface Tone {
  hz: number;
  /** Audio time (ms) of the first tonal frame's start and of the last one's end. */
  startMs: number;
  endMs: number;
}

/** Where answering-machine beeps are: 400-2000 Hz, 0.2-1 s (some run to 2 s). */
const LOW_HZ = 400;
const HIGH_HZ = 2000;
const MIN_MS = 160;
const MAX_MS = 2500;
/** Share of the frame's energy in the peak bin and its neighbours: a pure tone puts ~99% there, speech well under half. */
const TONALITY = 0.8;
/** Below about -40 dBFS a frame is silence or line noise: no tone. */
const FLOOR_RMS = 0.01;

/** Goertzel power of `samples` at DFT bin `k` (of samples.length bins): one frequency for N multiplications. */
export function goertzel(samples: Float32Array, k: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * k) / samples.length);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const s0 = samples[i]! + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

/** What one frame holds: the strongest candidate bin in the beep band, and the share of the frame's energy it carries. */
export function toneIn(frame: Float32Array, sampleRate: number): { bin: number; hz: number; tonality: number } | undefined {
  const n = frame.length;
  const windowed = new Float32Array(n);
  let energy = 0;
  for (let i = 0; i < n; i++) {
    // Hann: a tone between two bins still lands in three of them instead of leaking across the band.
    windowed[i] = frame[i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
    energy += frame[i]! * frame[i]!;
  }
  if (Math.sqrt(energy / n) < FLOOR_RMS) return undefined;
  const windowedEnergy = windowed.reduce((sum, x) => sum + x * x, 0);
  const first = Math.ceil((LOW_HZ * n) / sampleRate);
  const last = Math.floor((HIGH_HZ * n) / sampleRate);
  const power = new Map<number, number>();
  const at = (k: number) => power.get(k) ?? power.set(k, goertzel(windowed, k)).get(k)!;
  let peak = first;
  for (let k = first; k <= last; k++) if (at(k) > at(peak)) peak = k;
  // Parseval: a real signal's energy is split between +f and -f, so the positive bins hold half of N * energy.
  const tonality = (2 * (at(peak - 1) + at(peak) + at(peak + 1))) / (n * windowedEnergy);
  return { bin: peak, hz: (peak * sampleRate) / n, tonality };
}

/**
 * Finds beeps in a stream of frames (any frame length; 32 ms at 16 kHz gives 31 Hz bins): a run of frames whose
 * energy sits in one frequency (within a bin) for 0.16-2.5 s. Speech never holds a single frequency that purely or
 * that long; a tone longer than a beep (dial tone, fax) is not one. The tone is reported when it ends.
 */
export class BeepDetector {
  readonly #rate: number;
  #run: { bin: number; hz: number; startMs: number; endMs: number } | undefined;

  constructor(sampleRate: number) {
    this.#rate = sampleRate;
  }

  /** One frame starting at audio time `t` (ms); returns the beep that ended just before it, if one did. */
  push(frame: Float32Array, t: number): Tone | undefined {
    const tone = toneIn(frame, this.#rate);
    const steady = tone && tone.tonality >= TONALITY;
    const endMs = t + (frame.length / this.#rate) * 1000;
    if (steady && this.#run && Math.abs(tone.bin - this.#run.bin) <= 1) {
      this.#run.endMs = endMs;
      return undefined;
    }
    const ended = this.#run;
    this.#run = steady ? { bin: tone.bin, hz: tone.hz, startMs: t, endMs } : undefined;
    if (!ended) return undefined;
    const ms = ended.endMs - ended.startMs;
    return ms >= MIN_MS && ms <= MAX_MS ? { hz: Math.round(ended.hz), startMs: ended.startMs, endMs: ended.endMs } : undefined;
  }
}

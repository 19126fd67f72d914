/**
 * Whisper-style log-mel features as Smart Turn v3 takes them: 8 s of 16 kHz audio (zero-padded at the end, or cut),
 * normalised to zero mean and unit variance, 400-sample periodic Hann frames every 160 samples (reflect-padded,
 * centred), power spectrum, 80 Slaney mel bands, log10, floored 8 below the peak, scaled to about [-1, 1].
 * The same steps as Hugging Face's WhisperFeatureExtractor (chunk_length 8), which pipecat vendors in
 * `_whisper_features.py`; test/asr/smart-turn.test.ts checks the two against each other on real speech.
 */
export const SAMPLE_RATE = 16_000;
export const WINDOW_SAMPLES = 8 * SAMPLE_RATE;
export const N_MELS = 80;
export const N_FRAMES = 800;
const N_FFT = 400;
const HOP = 160;
const BINS = N_FFT / 2 + 1;

const hann = Float64Array.from({ length: N_FFT }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / N_FFT));

const hzToMel = (f: number) => (f < 1000 ? (3 * f) / 200 : 15 + Math.log(f / 1000) * (27 / Math.log(6.4)));
const melToHz = (m: number) => (m < 15 ? (200 * m) / 3 : 1000 * Math.exp((Math.log(6.4) / 27) * (m - 15)));

/** Slaney-normalised triangular filters, each as its non-zero bins only (a few each: the projection is sparse). */
const melFilters: { from: number; weights: Float64Array }[] = (() => {
  const [lo, hi] = [hzToMel(0), hzToMel(SAMPLE_RATE / 2)];
  const edges = Array.from({ length: N_MELS + 2 }, (_, i) => melToHz(lo + ((hi - lo) * i) / (N_MELS + 1)));
  const fftFreqs = Array.from({ length: BINS }, (_, k) => ((SAMPLE_RATE / 2) * k) / (BINS - 1));
  return Array.from({ length: N_MELS }, (_, m) => {
    const norm = 2 / (edges[m + 2]! - edges[m]!);
    const weights = fftFreqs.map((f) => {
      const down = (f - edges[m]!) / (edges[m + 1]! - edges[m]!);
      const up = (edges[m + 2]! - f) / (edges[m + 2]! - edges[m + 1]!);
      return Math.max(0, Math.min(down, up)) * norm;
    });
    const from = weights.findIndex((w) => w > 0);
    const to = weights.findLastIndex((w) => w > 0) + 1;
    return { from, weights: Float64Array.from(weights.slice(from, to)) };
  });
})();

/** cos and sin of -2πj/400: every twiddle factor of every stage is one of these. */
const COS = Float64Array.from({ length: N_FFT }, (_, j) => Math.cos((-2 * Math.PI * j) / N_FFT));
const SIN = Float64Array.from({ length: N_FFT }, (_, j) => Math.sin((-2 * Math.PI * j) / N_FFT));

/** One node of a mixed-radix FFT (decimation in time), its buffers made once: 800 frames a window, no garbage. */
interface Plan {
  n: number;
  p: number;
  re: Float64Array;
  im: Float64Array;
  subs: Plan[];
}

function plan(n: number): Plan {
  const p = n === 1 ? 1 : n % 2 === 0 ? 2 : n % 5 === 0 ? 5 : n;
  return { n, p, re: new Float64Array(n), im: new Float64Array(n), subs: n === 1 ? [] : Array.from({ length: p }, () => plan(n / p)) };
}

/** Transforms `node.re/im` in place (400 = 2·2·2·2·5·5: about 10x fewer multiplications than a plain DFT). */
function fft(node: Plan): void {
  const { n, p, re, im, subs } = node;
  if (n === 1) return;
  const m = n / p;
  for (let r = 0; r < p; r++) {
    const sub = subs[r]!;
    for (let j = 0; j < m; j++) {
      sub.re[j] = re[j * p + r]!;
      sub.im[j] = im[j * p + r]!;
    }
    fft(sub);
  }
  const step = N_FFT / n;
  for (let k = 0; k < n; k++) {
    let sumRe = 0;
    let sumIm = 0;
    const km = k % m;
    for (let r = 0; r < p; r++) {
      const sub = subs[r]!;
      const j = ((r * k) % n) * step;
      const [a, b] = [sub.re[km]!, sub.im[km]!];
      sumRe += a * COS[j]! - b * SIN[j]!;
      sumIm += a * SIN[j]! + b * COS[j]!;
    }
    re[k] = sumRe;
    im[k] = sumIm;
  }
}

const root = plan(N_FFT);

/**
 * Power spectra of two real frames from one complex FFT (the first as the real part, the second as the imaginary):
 * their spectra separate by conjugate symmetry, so each frame costs half a transform.
 */
function powerSpectra(first: Float64Array, second: Float64Array, out1: Float64Array, out2: Float64Array): void {
  root.re.set(first);
  root.im.set(second);
  fft(root);
  const { re, im } = root;
  for (let k = 0; k < BINS; k++) {
    const j = (N_FFT - k) % N_FFT;
    const [ar, ai, br, bi] = [(re[k]! + re[j]!) / 2, (im[k]! - im[j]!) / 2, (im[k]! + im[j]!) / 2, (re[j]! - re[k]!) / 2];
    out1[k] = ar * ar + ai * ai;
    out2[k] = br * br + bi * bi;
  }
}

/** The last 8 s of a turn's audio, left-padded with silence when shorter (as pipecat feeds the model). */
export function lastWindow(audio: Float32Array): Float32Array {
  if (audio.length >= WINDOW_SAMPLES) return audio.subarray(audio.length - WINDOW_SAMPLES);
  const out = new Float32Array(WINDOW_SAMPLES);
  out.set(audio, WINDOW_SAMPLES - audio.length);
  return out;
}

/** Features of exactly 8 s of audio, [80][800] row-major as the model's `input_features` takes them. */
export function logMelFeatures(window: Float32Array): Float32Array {
  const x = new Float64Array(WINDOW_SAMPLES);
  x.set(window.subarray(0, WINDOW_SAMPLES));
  let mean = 0;
  for (const v of x) mean += v;
  mean /= WINDOW_SAMPLES;
  let variance = 0;
  for (const v of x) variance += (v - mean) ** 2;
  const scale = 1 / Math.sqrt(variance / WINDOW_SAMPLES + 1e-7);
  for (let i = 0; i < WINDOW_SAMPLES; i++) x[i] = (x[i]! - mean) * scale;

  const pad = N_FFT / 2;
  const at = (i: number) => x[i < 0 ? -i : i >= WINDOW_SAMPLES ? 2 * (WINDOW_SAMPLES - 1) - i : i]!;
  const logSpec = new Float64Array(N_MELS * N_FRAMES);
  const frames = [new Float64Array(N_FFT), new Float64Array(N_FFT)];
  const powers = [new Float64Array(BINS), new Float64Array(BINS)];
  let peak = -Infinity;
  for (let t = 0; t < N_FRAMES; t += 2) {
    for (const [f, frame] of frames.entries()) for (let i = 0; i < N_FFT; i++) frame[i] = at((t + f) * HOP + i - pad) * hann[i]!;
    powerSpectra(frames[0]!, frames[1]!, powers[0]!, powers[1]!);
    for (const [f, power] of powers.entries()) {
      for (let m = 0; m < N_MELS; m++) {
        const { from, weights } = melFilters[m]!;
        let sum = 0;
        for (let k = 0; k < weights.length; k++) sum += weights[k]! * power[from + k]!;
        const value = Math.log10(Math.max(1e-10, sum));
        logSpec[m * N_FRAMES + t + f] = value;
        if (value > peak) peak = value;
      }
    }
  }
  return Float32Array.from(logSpec, (v) => (Math.max(v, peak - 8) + 4) / 4);
}

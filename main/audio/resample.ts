/**
 * Band-limited resampling (windowed sinc, Blackman window, 32 zero crossings): what telephone audio needs when
 * speech made at 22.05 kHz goes out at 8 kHz. Cut-off at the lower Nyquist frequency, so nothing aliases.
 */
export function resample(input: Int16Array, from: number, to: number): Int16Array<ArrayBuffer> {
  checkResample(input, from, to);
  if (from === to) return input.slice();
  const ratio = to / from;
  const cutoff = Math.min(1, ratio) * 0.97;
  const half = 32 / cutoff;
  const out = new Int16Array(Math.floor(input.length * ratio));
  for (let n = 0; n < out.length; n++) {
    const center = n / ratio;
    const first = Math.max(0, Math.ceil(center - half));
    const last = Math.min(input.length - 1, Math.floor(center + half));
    let sum = 0;
    for (let k = first; k <= last; k++) {
      const x = k - center;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x * cutoff) / (Math.PI * x * cutoff);
      const w = 0.42 + 0.5 * Math.cos((Math.PI * x) / half) + 0.08 * Math.cos((2 * Math.PI * x) / half);
      sum += input[k]! * sinc * w * cutoff;
    }
    out[n] = Math.max(-32768, Math.min(32767, Math.round(sum)));
  }
  return out;
}

/** Throws a RangeError that names what is wrong: without it, a rate of 0 fails as "Invalid typed array length". */
export function checkResample(input: unknown, from: number, to: number): asserts input is Int16Array {
  if (!(input instanceof Int16Array)) throw new RangeError(`Resampling takes 16-bit samples (an Int16Array), not ${Object.prototype.toString.call(input).slice(8, -1)}.`);
  if (!(from > 0 && to > 0 && Number.isFinite(from) && Number.isFinite(to))) throw new RangeError(`Resampling needs positive sample rates, not ${from} Hz -> ${to} Hz.`);
}

import fs from 'node:fs';
import path from 'node:path';
import { cacheDir } from '../../base/paths.ts';
import { sizes, writeGgml, type ModelSize } from './ggml.ts';

/**
 * A ggml Whisper model with the real tensor layout of a size and random weights: it loads and runs through
 * whisper.cpp exactly like a real model of that size (for timing and plumbing), but decodes random tokens.
 * Deterministic (fixed seed), generated once into the cache. `--model fixture:tiny` uses it for timing runs
 * where no real model exists.
 */
export function fixtureModel(size: ModelSize): string {
  const file = path.join(cacheDir(), `fixture-ggml-${size}.bin`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(cacheDir(), { recursive: true });
  let seed = 0x9e3779b9;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  // Like the real vocabulary, the first 256 tokens are single bytes (whisper.cpp looks up " " by name).
  const vocab = Array.from({ length: 50257 }, (_, i) => (i < 256 ? Buffer.from([i]) : Buffer.from(` w${i}`)));
  const partial = `${file}.${process.pid}.tmp`;
  writeGgml(partial, sizes[size], vocab, (spec) => {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(n);
    // Layer norms start as identity so activations stay finite; everything else small and random.
    if (/_ln\.weight$|ln_post\.weight$|^decoder\.ln\.weight$/.test(spec.name)) values.fill(1);
    else if (!/_ln\.bias$|ln_post\.bias$|^decoder\.ln\.bias$/.test(spec.name)) for (let i = 0; i < n; i++) values[i] = (random() - 0.5) * 0.04;
    return values;
  });
  fs.renameSync(partial, file);
  return file;
}

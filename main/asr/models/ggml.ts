/**
 * The ggml Whisper file whisper.cpp loads: magic, hyper-parameters, mel filters, vocabulary, then named tensors.
 * Shared by the CTranslate2 converter (real weights) and the random-weights fixture generator (tests, benchmarks).
 */
import fs from 'node:fs';
import { CallcueError } from '../../base/errors.ts';

export const GGML_MAGIC = 0x67676d6c;

export interface WhisperHparams {
  n_vocab: number;
  n_audio_ctx: number;
  n_audio_state: number;
  n_audio_head: number;
  n_audio_layer: number;
  n_text_ctx: number;
  n_text_state: number;
  n_text_head: number;
  n_text_layer: number;
  n_mels: number;
}

const multilingual = { n_vocab: 51865, n_audio_ctx: 1500, n_text_ctx: 448, n_mels: 80 };

/** Real Whisper sizes, plus "micro": the real layout at a size that loads and runs in milliseconds, for tests. */
export const sizes = {
  micro: { ...multilingual, n_audio_state: 64, n_audio_head: 2, n_audio_layer: 1, n_text_state: 64, n_text_head: 2, n_text_layer: 1 },
  tiny: { ...multilingual, n_audio_state: 384, n_audio_head: 6, n_audio_layer: 4, n_text_state: 384, n_text_head: 6, n_text_layer: 4 },
  base: { ...multilingual, n_audio_state: 512, n_audio_head: 8, n_audio_layer: 6, n_text_state: 512, n_text_head: 8, n_text_layer: 6 },
  small: { ...multilingual, n_audio_state: 768, n_audio_head: 12, n_audio_layer: 12, n_text_state: 768, n_text_head: 12, n_text_layer: 12 },
} satisfies Record<string, WhisperHparams>;
export type ModelSize = keyof typeof sizes;

export interface TensorSpec {
  name: string;
  /** PyTorch order (outermost first), as in OpenAI's checkpoints. */
  shape: number[];
  /** whisper.cpp wants 1-D tensors, conv biases and positional embeddings in f32, the rest in f16. */
  f32: boolean;
}

/** Every tensor whisper.cpp looks up, with its shape, in OpenAI's state_dict naming. */
export function tensorLayout(h: WhisperHparams): TensorSpec[] {
  const tensor = (name: string, shape: number[], f32 = shape.length < 2): TensorSpec => ({ name, shape, f32 });
  const linear = (prefix: string, out: number, inp: number, bias = true) => [tensor(`${prefix}.weight`, [out, inp]), ...(bias ? [tensor(`${prefix}.bias`, [out])] : [])];
  const norm = (prefix: string, n: number) => [tensor(`${prefix}.weight`, [n]), tensor(`${prefix}.bias`, [n])];
  const attention = (prefix: string, n: number) => [
    ...linear(`${prefix}.query`, n, n),
    ...linear(`${prefix}.key`, n, n, false),
    ...linear(`${prefix}.value`, n, n),
    ...linear(`${prefix}.out`, n, n),
  ];
  const block = (prefix: string, n: number, cross: boolean) => [
    ...attention(`${prefix}.attn`, n),
    ...norm(`${prefix}.attn_ln`, n),
    ...(cross ? [...attention(`${prefix}.cross_attn`, n), ...norm(`${prefix}.cross_attn_ln`, n)] : []),
    ...linear(`${prefix}.mlp.0`, 4 * n, n),
    ...linear(`${prefix}.mlp.2`, n, 4 * n),
    ...norm(`${prefix}.mlp_ln`, n),
  ];
  const a = h.n_audio_state;
  const d = h.n_text_state;
  return [
    tensor('encoder.positional_embedding', [h.n_audio_ctx, a], true),
    tensor('encoder.conv1.weight', [a, h.n_mels, 3]),
    // Conv biases are stored as [n, 1] so ggml can broadcast them over time.
    tensor('encoder.conv1.bias', [a, 1], true),
    tensor('encoder.conv2.weight', [a, a, 3]),
    tensor('encoder.conv2.bias', [a, 1], true),
    ...Array.from({ length: h.n_audio_layer }, (_, i) => block(`encoder.blocks.${i}`, a, false)).flat(),
    ...norm('encoder.ln_post', a),
    tensor('decoder.positional_embedding', [h.n_text_ctx, d], true),
    tensor('decoder.token_embedding.weight', [h.n_vocab, d]),
    ...Array.from({ length: h.n_text_layer }, (_, i) => block(`decoder.blocks.${i}`, d, true)).flat(),
    ...norm('decoder.ln', d),
  ];
}

/**
 * The mel filter bank Whisper was trained with: librosa.filters.mel(sr=16000, n_fft=400, n_mels) with the Slaney
 * mel scale and Slaney area normalisation. Computed, so no Python package is needed to build a model file.
 */
export function melFilters(nMels: number, sampleRate = 16000, nFft = 400): Float32Array {
  const fSp = 200 / 3;
  const minLogHz = 1000;
  const minLogMel = minLogHz / fSp;
  const logStep = Math.log(6.4) / 27;
  const hzToMel = (hz: number) => (hz >= minLogHz ? minLogMel + Math.log(hz / minLogHz) / logStep : hz / fSp);
  const melToHz = (mel: number) => (mel >= minLogMel ? minLogHz * Math.exp(logStep * (mel - minLogMel)) : fSp * mel);
  const nFreqs = 1 + Math.floor(nFft / 2);
  const fftFreqs = Array.from({ length: nFreqs }, (_, i) => (i * sampleRate) / 2 / (nFreqs - 1));
  const maxMel = hzToMel(sampleRate / 2);
  const melF = Array.from({ length: nMels + 2 }, (_, i) => melToHz((i * maxMel) / (nMels + 1)));
  const weights = new Float32Array(nMels * nFreqs);
  for (let m = 0; m < nMels; m++) {
    const enorm = 2 / (melF[m + 2]! - melF[m]!);
    for (let k = 0; k < nFreqs; k++) {
      const lower = (fftFreqs[k]! - melF[m]!) / (melF[m + 1]! - melF[m]!);
      const upper = (melF[m + 2]! - fftFreqs[k]!) / (melF[m + 2]! - melF[m + 1]!);
      weights[m * nFreqs + k] = Math.max(0, Math.min(lower, upper)) * enorm;
    }
  }
  return weights;
}

function int32(...values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeInt32LE(v, 4 * i));
  return b;
}

/** Float32 values to IEEE half precision (round to nearest even), as ggml stores f16 weights. */
export function toFloat16(values: Float32Array): Buffer {
  const out = Buffer.alloc(values.length * 2);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let i = 0; i < values.length; i++) {
    f[0] = values[i]!;
    const x = u[0]!;
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    let h: number;
    if (exp === 0xff) h = sign | 0x7c00 | (mant ? 0x200 : 0);
    else {
      const e = exp - 127 + 15;
      if (e >= 0x1f) h = sign | 0x7c00;
      else if (e <= 0) {
        if (e < -10) h = sign;
        else {
          mant |= 0x800000;
          const shift = 14 - e;
          h = sign | (mant >> shift);
          if ((mant >> (shift - 1)) & 1 && (mant & ((1 << (shift - 1)) - 1) || h & 1)) h++;
        }
      } else {
        h = sign | (e << 10) | (mant >> 13);
        if (mant & 0x1000 && (mant & 0xfff || h & 1)) h++;
      }
    }
    out.writeUInt16LE(h, i * 2);
  }
  return out;
}

/** Writes a ggml Whisper file. `data(spec)` supplies each tensor's values in PyTorch (row-major) order. */
export function writeGgml(file: string, h: WhisperHparams, vocab: Buffer[], data: (spec: TensorSpec) => Float32Array): void {
  const fd = fs.openSync(file, 'w');
  try {
    const write = (b: Buffer) => fs.writeSync(fd, b);
    write(int32(GGML_MAGIC, h.n_vocab, h.n_audio_ctx, h.n_audio_state, h.n_audio_head, h.n_audio_layer, h.n_text_ctx, h.n_text_state, h.n_text_head, h.n_text_layer, h.n_mels, 1));
    const mel = melFilters(h.n_mels);
    write(int32(h.n_mels, mel.length / h.n_mels));
    write(Buffer.from(mel.buffer, mel.byteOffset, mel.byteLength));
    write(int32(vocab.length));
    for (const token of vocab) {
      write(int32(token.length));
      write(token);
    }
    for (const spec of tensorLayout(h)) {
      const values = data(spec);
      const expected = spec.shape.reduce((a, b) => a * b, 1);
      if (values.length !== expected) throw new Error(`${spec.name}: ${values.length} values for shape [${spec.shape}]`);
      const name = Buffer.from(spec.name);
      write(int32(spec.shape.length, name.length, spec.f32 ? 0 : 1, ...[...spec.shape].reverse()));
      write(name);
      write(spec.f32 ? Buffer.from(values.buffer, values.byteOffset, values.byteLength) : toFloat16(values));
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** GPT-2's byte-to-unicode table, in reverse: Whisper's vocabulary files spell bytes as printable characters. */
export function byteDecoder(): Map<string, number> {
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  return new Map(cs.map((c, i) => [String.fromCodePoint(c), bs[i]!]));
}

/**
 * Reads a ggml Whisper file's header and checks the file is as long as its tensors need: a truncated download
 * fails here with a clear message instead of inside whisper.cpp.
 */
export function checkModelFile(file: string): WhisperHparams {
  const bad = (why: string) => new CallcueError('bad_model', `${file} is not a usable Whisper model: ${why}.`);
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
  if (size === undefined) throw new CallcueError('no_model', `Whisper model ${file} does not exist.`);
  if (size < 48) throw bad('too short');
  const head = Buffer.alloc(48);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, head, 0, 48, 0);
  fs.closeSync(fd);
  if (head.readUInt32LE(0) !== GGML_MAGIC) throw bad('not a ggml file');
  const [n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer, n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels] = Array.from({ length: 10 }, (_, i) => head.readInt32LE(4 + 4 * i)) as number[];
  const h = { n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer, n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels } as WhisperHparams;
  if (!(h.n_vocab > 50000 && h.n_vocab < 60000 && (h.n_mels === 80 || h.n_mels === 128) && h.n_audio_state > 0 && h.n_audio_layer > 0)) throw bad('its header is damaged');
  // Quantised files hold fewer bytes per weight; even 4-bit ones need an eighth of the f32 size.
  const weights = tensorLayout(h).reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
  if (size < weights / 2) throw bad(`it is truncated (${size} bytes for ${weights} weights)`);
  return h;
}

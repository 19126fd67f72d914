/**
 * A stand-in for sherpa-onnx's SenseVoice-Small int8 export (model.int8.onnx + tokens.txt), for the tests and timing
 * runs that cannot have the real one (it is on model hubs only). What sherpa-onnx sees is the real interface: the
 * inputs x [N,T,560] float, x_length/language/text_norm [N] int32, the output logits [N,T+4,25055], every metadata key
 * its loader reads (offline-sense-voice-model.cc) with the values the export script writes (scripts/sense-voice/
 * export-onnx.py), a 25055-line token table with the real special tokens, and MatMuls quantised to uint8 the way
 * onnxruntime's quantize_dynamic does it (DynamicQuantizeLinear + MatMulInteger).
 *
 * What it is not: the real network. `small` has the real encoder's size (SANM blocks, 512 wide, 4 heads, 2048 feed-
 * forward, an 11-tap FSMN memory, 50 + 20 blocks, about 230 M int8 weights, like the real 239 MB file), so its compute
 * per second of audio is close to the real one's; but it has no positional encoding or padding masks, and the weights
 * are random, so it decodes random tokens. `micro` is the same graph a few blocks deep and 64 wide, for plumbing tests.
 * The CMVN statistics (neg_mean, inv_stddev) are plausible made-up values, not the real am.mvn.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir } from '../../base/paths.ts';
import { DataType, OnnxGraph, writeOnnx } from './onnx.ts';

/** The real export's language and text-normalisation ids (SenseVoice's lid_dict and textnorm_dict). */
export const senseVoiceIds = { lang_auto: 0, lang_zh: 3, lang_en: 4, lang_yue: 7, lang_ja: 11, lang_ko: 12, lang_nospeech: 13, with_itn: 14, without_itn: 15 };
const VOCAB = 25055;
const FEATURES = 80 * 7;

export const senseVoiceSizes = {
  micro: { d: 64, heads: 4, ffn: 128, blocks: 2, tpBlocks: 1 },
  small: { d: 512, heads: 4, ffn: 2048, blocks: 50, tpBlocks: 20 },
} as const;
export type SenseVoiceSize = keyof typeof senseVoiceSizes;

/** The special tokens SenseVoice writes before the text: language, emotion, audio event, text normalisation. */
const specials = ['<|zh|>', '<|en|>', '<|yue|>', '<|ja|>', '<|ko|>', '<|nospeech|>', '<|HAPPY|>', '<|SAD|>', '<|ANGRY|>', '<|NEUTRAL|>', '<|Speech|>', '<|BGM|>', '<|Laughter|>', '<|withitn|>', '<|woitn|>'];

/** tokens.txt: `piece id` per line; CJK characters and English word pieces stand in for the real SentencePiece table. */
export function fixtureTokens(): string {
  const pieces = ['<unk>', '<s>', '</s>'];
  for (let i = 0; pieces.length < VOCAB - specials.length; i++) pieces.push(i < 20000 ? String.fromCodePoint(0x4e00 + i) : `▁w${i}`);
  return [...pieces, ...specials].map((p, i) => `${p} ${i}`).join('\n') + '\n';
}

/**
 * The fixture's folder (model.int8.onnx + tokens.txt) in the cache, generated once (deterministic: fixed seed).
 * `small` takes about a minute and 230 MB.
 */
export function senseVoiceFixture(size: SenseVoiceSize = 'micro', cache = cacheDir()): string {
  const dir = path.join(cache, `fixture-sensevoice-${size}`);
  if (fs.existsSync(path.join(dir, 'model.int8.onnx'))) return dir;
  const partial = `${dir}.${process.pid}.tmp`;
  fs.mkdirSync(partial, { recursive: true });
  fs.writeFileSync(path.join(partial, 'tokens.txt'), fixtureTokens());
  writeFixtureModel(path.join(partial, 'model.int8.onnx'), senseVoiceSizes[size]);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(partial, dir);
  return dir;
}

function writeFixtureModel(file: string, s: (typeof senseVoiceSizes)[SenseVoiceSize]): void {
  let seed = 0x2024_0717;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const bytes = (n: number) => {
    const b = Buffer.allocUnsafe(Math.ceil(n / 4) * 4);
    for (let i = 0; i < b.length; i += 4) b.writeUInt32LE(Math.floor(random() * 2 ** 32), i);
    return b.subarray(0, n);
  };
  const g = new OnnxGraph();
  const x = g.input('x', DataType.FLOAT, ['N', 'T', FEATURES]);
  g.input('x_length', DataType.INT32, ['N']);
  const language = g.input('language', DataType.INT32, ['N']);
  const textNorm = g.input('text_norm', DataType.INT32, ['N']);
  const zeroU8 = g.init(DataType.UINT8, [], Buffer.from([128]));

  /** A MatMul as quantize_dynamic leaves it: uint8 activations and weights, int32 products, rescaled in float. */
  const linear = (h: string, inSize: number, outSize: number) => {
    // Uniform uint8 around 128: a standard deviation of about 74 steps, scaled so the output keeps the input's scale.
    const w = g.init(DataType.UINT8, [inSize, outSize], bytes(inSize * outSize));
    const wScale = g.floats([], [1 / (74 * Math.sqrt(inSize))]);
    const [q, scale, zero] = g.node('DynamicQuantizeLinear', [h], {}, 3);
    const product = g.op('Cast', [g.op('MatMulInteger', [q!, w, zero!, zeroU8])], { to: DataType.FLOAT });
    return g.op('Add', [g.op('Mul', [product, g.op('Mul', [scale!, wScale])]), g.floats([outSize], new Float32Array(outSize))]);
  };
  const norm = (h: string, n: number) => g.op('LayerNormalization', [h, g.floats([n], new Float32Array(n).fill(1)), g.floats([n], new Float32Array(n))], { axis: -1, epsilon: { float: 1e-5 } });
  const heads = (h: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [h, g.int64s([0, 0, s.heads, s.d / s.heads])])], { perm });

  /** One SANM block: self-attention plus an FSMN memory (a depthwise convolution over V), then the feed-forward. */
  const block = (h: string, inSize: number) => {
    const [q, k, v] = g.node('Split', [linear(norm(h, inSize), inSize, 3 * s.d), g.int64s([s.d, s.d, s.d])], { axis: 2 }, 3);
    const kernel = g.floats([s.d, 1, 11], Array.from({ length: s.d * 11 }, () => (random() - 0.5) * 0.1));
    const memory = g.op('Add', [g.op('Transpose', [g.op('Conv', [g.op('Transpose', [v!], { perm: [0, 2, 1] }), kernel], { group: s.d, pads: [5, 5], kernel_shape: [11] })], { perm: [0, 2, 1] }), v!]);
    const scores = g.op('Mul', [g.op('MatMul', [heads(q!, [0, 2, 1, 3]), heads(k!, [0, 2, 3, 1])]), g.floats([], [1 / Math.sqrt(s.d / s.heads)])]);
    const attended = g.op('MatMul', [g.op('Softmax', [scores], { axis: -1 }), heads(v!, [0, 2, 1, 3])]);
    const merged = g.op('Reshape', [g.op('Transpose', [attended], { perm: [0, 2, 1, 3] }), g.int64s([0, 0, s.d])]);
    const attention = g.op('Add', [linear(merged, s.d, s.d), memory]);
    // The first block changes the width (560 -> 512), so it has no residual connection, as in SenseVoice.
    const h1 = inSize === s.d ? g.op('Add', [h, attention]) : attention;
    return g.op('Add', [h1, linear(g.op('Relu', [linear(norm(h1, s.d), s.d, s.ffn)]), s.ffn, s.d)]);
  };

  // Four query embeddings go before the features: language, event and emotion (ids 1, 2), text normalisation.
  const embed = g.floats([16, FEATURES], Array.from({ length: 16 * FEATURES }, () => random() - 0.5));
  const query = (ids: string) => g.op('Unsqueeze', [g.op('Gather', [embed, ids]), g.int64s([1])]);
  const batch = g.op('Shape', [x], { end: 1 });
  const eventEmotion = g.op('Expand', [g.op('Gather', [embed, g.int64s([1, 2], [1, 2])]), g.op('Concat', [batch, g.int64s([2, FEATURES])], { axis: 0 })]);
  let h = g.op('Concat', [query(language), eventEmotion, query(textNorm), x], { axis: 1 });
  h = g.op('Mul', [h, g.floats([], [Math.sqrt(s.d)])]);
  h = block(h, FEATURES);
  for (let i = 1; i < s.blocks; i++) h = block(h, s.d);
  h = norm(h, s.d);
  for (let i = 0; i < s.tpBlocks; i++) h = block(h, s.d);
  h = norm(h, s.d);
  g.op('Identity', [linear(h, s.d, VOCAB)], {}, 'logits');
  g.output('logits', DataType.FLOAT, ['N', 'T_out', VOCAB]);

  const cmvn = (f: (i: number) => number) => Array.from({ length: FEATURES }, (_, i) => f(i).toFixed(4)).join(',');
  writeOnnx(file, g, {
    opset: 17,
    producer: 'callcue sensevoice fixture (random weights)',
    metadata: {
      lfr_window_size: 7,
      lfr_window_shift: 6,
      normalize_samples: 0,
      neg_mean: cmvn((i) => -10 - 3 * Math.sin(i / 13)),
      inv_stddev: cmvn((i) => 0.25 + 0.05 * Math.cos(i / 17)),
      model_type: 'sense_voice_ctc',
      version: '2',
      model_author: 'callcue-fixture',
      maintainer: 'callcue',
      vocab_size: VOCAB,
      comment: 'random-weights stand-in for iic/SenseVoiceSmall',
      ...senseVoiceIds,
    },
  });
}

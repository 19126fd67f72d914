import fs from 'node:fs';
import path from 'node:path';
import { sha256File } from '../../base/hash.ts';
import { downloadFile, type DownloadProgress, type Mirror } from './download.ts';
import { checkModelFile } from './ggml.ts';

/** The models CallCue offers: multilingual by default, because calls are in Chinese and English. */
export const catalog = {
  tiny: { file: 'ggml-tiny.bin', mb: 75, note: 'fastest; weaker on Chinese' },
  base: { file: 'ggml-base.bin', mb: 142, note: 'recommended on CPU' },
  small: { file: 'ggml-small.bin', mb: 466, note: 'best accuracy; wants a GPU' },
} as const;
export type CatalogModel = keyof typeof catalog;

export type { DownloadProgress } from './download.ts';

/**
 * Whether the user is probably in mainland China, where ModelScope and hf-mirror.com are reachable and fast and
 * Hugging Face often is not: a zh-CN locale or a Chinese time zone.
 */
export function inChina(env: NodeJS.ProcessEnv = process.env, timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone): boolean {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
  return /^zh[-_](CN|Hans)/i.test(locale) || ['Asia/Shanghai', 'Asia/Chongqing', 'Asia/Harbin', 'Asia/Urumqi', 'PRC'].includes(timeZone);
}

interface Host {
  name: string;
  url: (file: string) => string;
  /** Fast from mainland China: tried first there. */
  china?: boolean;
}

/**
 * Where a model's file is tried, in order: the company mirror (CALLCUE_MODEL_BASE_URL, files at `BASE/PATH`) first
 * when set; then the public hosts, those reachable from China first for users there, else Hugging Face first.
 * CALLCUE_MODEL_MIRRORS (comma-separated base URLs, same layout; empty for none) replaces the public hosts, for
 * sites that must not reach them.
 */
export function mirrorsFor(hosts: Host[], pathOnMirror: string, file: string, env: NodeJS.ProcessEnv = process.env, china = inChina(env)): Mirror[] {
  const own = (base: string, name: string): Mirror => ({ name, url: `${base.replace(/\/$/, '')}/${pathOnMirror}` });
  const site = env.CALLCUE_MODEL_MIRRORS;
  const listed = site === undefined ? [...hosts].sort((a, b) => Number(Boolean(b.china) === china) - Number(Boolean(a.china) === china)).map((h) => ({ name: h.name, url: h.url(file) })) : site.split(',').map((s) => s.trim()).filter(Boolean).map((base, i) => own(base, `site mirror ${i + 1}`));
  return [...(env.CALLCUE_MODEL_BASE_URL ? [own(env.CALLCUE_MODEL_BASE_URL, 'company mirror')] : []), ...listed];
}

const huggingFace = (repo: string, revision = 'main'): Host[] => [
  { name: 'Hugging Face', url: (file) => `https://huggingface.co/${repo}/resolve/${revision}/${file}` },
  { name: 'hf-mirror.com', url: (file) => `https://hf-mirror.com/${repo}/resolve/${revision}/${file}`, china: true },
];

/**
 * Downloads a Whisper model into `dir` (downloadFile: mirrors, resume, sha256). The expected hash is the one given,
 * else the one the host publishes for the file (Hugging Face's X-Linked-Etag); a model whose hash cannot be checked
 * is not installed.
 */
export async function downloadModel(
  name: CatalogModel,
  dir: string,
  options: { env?: NodeJS.ProcessEnv; sha256?: string; onProgress?: (p: DownloadProgress) => void; onMirrorFailed?: (line: string) => void; signal?: AbortSignal; retries?: number } = {},
): Promise<{ path: string; sha256: string }> {
  const file = catalog[name].file;
  fs.mkdirSync(dir, { recursive: true });
  const done = await downloadFile({ ...options, file, target: path.join(dir, file), mirrors: mirrorsFor(huggingFace('ggerganov/whisper.cpp'), file, file, options.env), check: checkModelFile });
  fs.writeFileSync(`${done.path}.sha256`, `${done.sha256}  ${file}\n`);
  return done;
}

/**
 * SenseVoice-Small, sherpa-onnx's int8 export (Apache-2.0 code; the weights under FunASR's model licence), for
 * Mandarin calls. Installed as the folder the official tarball unpacks to, so extracting that by hand works too.
 * The hashes are pinned: the same values are published by several projects that download this exact file.
 */
export const senseVoice = {
  name: 'sensevoice',
  dir: 'sherpa-onnx-sense-voice-zh-en-ja-ko-yue-int8-2024-07-17',
  repo: 'sherpa-onnx-sense-voice-zh-en-ja-ko-yue-2024-07-17',
  files: [
    { name: 'model.int8.onnx', bytes: 239_233_841, sha256: 'c71f0ce00bec95b07744e116345e33d8cbbe08cef896382cf907bf4b51a2cd51' },
    { name: 'tokens.txt', bytes: 315_894, sha256: 'f449eb28dc567533d7fa59be34e2abca8784f771850c78a47fb731a31429a1dc' },
  ],
  mb: 229,
  note: 'Mandarin and English, fast on CPU',
} as const;

const senseVoiceHosts: Host[] = [
  { name: 'ModelScope', url: (file) => `https://modelscope.cn/models/csukuangfj/${senseVoice.repo}/resolve/master/${file}`, china: true },
  ...huggingFace(`csukuangfj/${senseVoice.repo}`),
];

/** The SenseVoice folder: CALLCUE_SENSEVOICE_MODEL, else the downloaded one in the models folder; null when neither is whole. */
export function findSenseVoice(env: NodeJS.ProcessEnv, modelsDir: string): string | null {
  const dir = env.CALLCUE_SENSEVOICE_MODEL ? path.resolve(env.CALLCUE_SENSEVOICE_MODEL) : path.join(modelsDir, senseVoice.dir);
  return senseVoice.files.every((f) => fs.existsSync(path.join(dir, f.name))) ? dir : null;
}

/** Downloads SenseVoice's files into the models folder, each from the first mirror that serves it whole; a file already there with the pinned hash is kept. */
export async function downloadSenseVoice(
  modelsDir: string,
  options: {
    env?: NodeJS.ProcessEnv;
    china?: boolean;
    onProgress?: (file: string, p: DownloadProgress) => void;
    onMirrorFailed?: (line: string) => void;
    signal?: AbortSignal;
    retries?: number;
    /** The files and their pins (tests pass a generated model's). */
    model?: { dir: string; repo: string; files: readonly { name: string; sha256: string }[] };
  } = {},
): Promise<{ dir: string; files: { name: string; sha256: string; mirror: string }[] }> {
  const model = options.model ?? senseVoice;
  const dir = path.join(modelsDir, model.dir);
  fs.mkdirSync(dir, { recursive: true });
  const files = [];
  for (const f of model.files) {
    const target = path.join(dir, f.name);
    if (fs.existsSync(target) && (await sha256File(target)) === f.sha256) {
      files.push({ name: f.name, sha256: f.sha256, mirror: 'already here' });
      continue;
    }
    const mirrors = mirrorsFor(senseVoiceHosts, `${model.repo}/${f.name}`, f.name, options.env, options.china);
    const done = await downloadFile({ ...options, file: f.name, target, sha256: f.sha256, mirrors, onProgress: (p) => options.onProgress?.(f.name, p) });
    files.push({ name: f.name, sha256: done.sha256, mirror: done.mirror.name });
  }
  return { dir, files };
}

/** The catalog's models with what is installed in `dir` (and the sha256 recorded when each was downloaded). */
export function listModels(dir: string): { name: string; file: string; installed: boolean; mb: number; note: string; sha256: string | null }[] {
  return Object.entries(catalog).map(([name, entry]) => {
    const file = path.join(dir, entry.file);
    const installed = fs.existsSync(file);
    const sidecar = `${file}.sha256`;
    return {
      name,
      file,
      installed,
      mb: installed ? Math.round(fs.statSync(file).size / 2 ** 20) : entry.mb,
      note: entry.note,
      sha256: fs.existsSync(sidecar) ? fs.readFileSync(sidecar, 'utf8').split(/\s/)[0]! : null,
    };
  });
}

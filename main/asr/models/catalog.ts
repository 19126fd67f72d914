import fs from 'node:fs';
import path from 'node:path';
import { CallcueError } from '../../base/errors.ts';
import { sha256File } from '../../base/hash.ts';
import { checkModelFile } from './ggml.ts';

/** The models CallCue offers: multilingual by default, because calls are in Chinese and English. */
export const catalog = {
  tiny: { file: 'ggml-tiny.bin', mb: 75, note: 'fastest; weaker on Chinese' },
  base: { file: 'ggml-base.bin', mb: 142, note: 'recommended on CPU' },
  small: { file: 'ggml-small.bin', mb: 466, note: 'best accuracy; wants a GPU' },
} as const;
export type CatalogModel = keyof typeof catalog;

/** whisper.cpp's public models; IT can point CALLCUE_MODEL_BASE_URL at a mirror. */
export function modelUrl(name: CatalogModel, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.CALLCUE_MODEL_BASE_URL ?? 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main';
  return `${base.replace(/\/$/, '')}/${catalog[name].file}`;
}

export interface DownloadProgress {
  received: number;
  total: number;
}

/**
 * Downloads a model into `dir` with resume (HTTP Range on a `.part` file) and sha256 verification. The expected hash
 * is the one given, else the one the host publishes for the file (Hugging Face's X-Linked-Etag); a model whose hash
 * cannot be checked is not installed.
 */
export async function downloadModel(
  name: CatalogModel,
  dir: string,
  options: { env?: NodeJS.ProcessEnv; sha256?: string; onProgress?: (p: DownloadProgress) => void; signal?: AbortSignal; retries?: number } = {},
): Promise<{ path: string; sha256: string }> {
  const url = modelUrl(name, options.env);
  const target = path.join(dir, catalog[name].file);
  const part = `${target}.part`;
  fs.mkdirSync(dir, { recursive: true });
  let expected = options.sha256?.toLowerCase();
  for (let attempt = 0; ; attempt++) {
    const have = fs.existsSync(part) ? fs.statSync(part).size : 0;
    let response: Response;
    try {
      response = await fetch(url, { headers: have ? { Range: `bytes=${have}-` } : {}, signal: options.signal });
    } catch (error) {
      if (attempt < (options.retries ?? 3) && !options.signal?.aborted) continue;
      throw new CallcueError('download_failed', `Could not reach ${new URL(url).host} to download the ${name} model (${(error as Error).message}). Check the connection or set CALLCUE_MODEL_BASE_URL to a mirror.`, { retryable: true });
    }
    if (response.status === 416) break; // already complete
    if (!response.ok || !response.body) throw new CallcueError('download_failed', `Downloading ${url} failed: HTTP ${response.status}.`, { retryable: response.status >= 500 });
    const published = (response.headers.get('x-linked-etag') ?? response.headers.get('etag') ?? '').replace(/^W\//, '').replaceAll('"', '');
    if (!expected && /^[0-9a-f]{64}$/i.test(published)) expected = published.toLowerCase();
    const resumed = response.status === 206;
    const total = (resumed ? have : 0) + Number(response.headers.get('content-length') ?? 0);
    const out = fs.createWriteStream(part, { flags: resumed ? 'a' : 'w' });
    let received = resumed ? have : 0;
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        received += chunk.length;
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        options.onProgress?.({ received, total });
      }
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      break;
    } catch (error) {
      out.destroy();
      if (attempt >= (options.retries ?? 3) || options.signal?.aborted) throw new CallcueError('download_failed', `Download of the ${name} model broke off (${(error as Error).message}); run the command again to resume.`, { retryable: true });
    }
  }
  if (!expected) {
    fs.rmSync(part, { force: true });
    throw new CallcueError('unverified_model', `The host published no sha256 for ${catalog[name].file}; pass --sha256 to verify it.`);
  }
  const actual = await sha256File(part);
  if (actual !== expected) {
    fs.rmSync(part, { force: true });
    throw new CallcueError('checksum_mismatch', `${catalog[name].file} is corrupt: sha256 ${actual}, expected ${expected}. The download was deleted; try again.`, { retryable: true });
  }
  checkModelFile(part);
  fs.renameSync(part, target);
  fs.writeFileSync(`${target}.sha256`, `${actual}  ${catalog[name].file}\n`);
  return { path: target, sha256: actual };
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

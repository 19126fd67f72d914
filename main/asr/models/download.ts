import fs from 'node:fs';
import { CallcueError } from '../../base/errors.ts';
import { sha256File } from '../../base/hash.ts';

export interface DownloadProgress {
  received: number;
  total: number;
}

/** A host that may have the file, and the file's address there. */
export interface Mirror {
  /** How the user knows it: "ModelScope", "Hugging Face", "company mirror". */
  name: string;
  url: string;
}

export interface FileDownload {
  /** The file's name, for messages. */
  file: string;
  target: string;
  /** Tried in order until one delivers a verified file. */
  mirrors: Mirror[];
  /** The expected sha256; without it, the one a mirror publishes (Hugging Face's X-Linked-Etag), else refused. */
  sha256?: string;
  /** Whatever else the file must pass before it is installed (e.g. a model header check); throws. */
  check?: (file: string) => void;
  /** One line per mirror that failed while others are left to try. */
  onMirrorFailed?: (line: string) => void;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Reconnections per mirror after a broken transfer (each resumes where the last stopped). */
  retries?: number;
}

/** Why one mirror could not deliver: said in one line, then the next mirror is tried. */
class MirrorFailure extends Error {}

const host = (url: string) => new URL(url).host;

/**
 * Downloads a file into `target`, trying mirrors in order: each transfer resumes a `.part` file with HTTP Range (also
 * across reconnections and mirrors), and the result must match the sha256 before it is renamed into place. A mirror
 * that is down, lacks the file, publishes no hash for an unpinned file or serves the wrong bytes costs one line; when
 * none delivers, the error names every mirror tried.
 */
export async function downloadFile(o: FileDownload): Promise<{ path: string; sha256: string; mirror: Mirror }> {
  const part = `${o.target}.part`;
  const named = (m: Mirror) => `${m.name} (${host(m.url)})`;
  let last = '';
  for (const [i, mirror] of o.mirrors.entries()) {
    try {
      const sha256 = await fromMirror(o, mirror, part);
      fs.renameSync(part, o.target);
      return { path: o.target, sha256, mirror };
    } catch (error) {
      if (!(error instanceof MirrorFailure)) throw error;
      last = error.message;
      if (i < o.mirrors.length - 1) o.onMirrorFailed?.(`${named(mirror)}: ${last}; trying ${o.mirrors[i + 1]!.name}`);
    }
  }
  const advice = 'Check the connection or set CALLCUE_MODEL_BASE_URL to a mirror.';
  if (o.mirrors.length === 1) throw new CallcueError('download_failed', `${named(o.mirrors[0]!)}: ${last}. ${advice}`, { retryable: true });
  throw new CallcueError('download_failed', `Could not download ${o.file} from any mirror (tried ${o.mirrors.map(named).join(', ')}); the last said: ${last}. ${advice}`, { retryable: true });
}

async function fromMirror(o: FileDownload, mirror: Mirror, part: string): Promise<string> {
  let expected = o.sha256?.toLowerCase();
  for (let attempt = 0; ; attempt++) {
    const have = fs.existsSync(part) ? fs.statSync(part).size : 0;
    let response: Response;
    try {
      response = await fetch(mirror.url, { headers: have ? { Range: `bytes=${have}-` } : {}, signal: o.signal });
    } catch (error) {
      if (o.signal?.aborted) throw error;
      if (attempt < (o.retries ?? 3)) continue;
      throw new MirrorFailure(`could not reach ${host(mirror.url)} to download ${o.file} (${cause(error)})`);
    }
    if (response.status === 416) break; // the .part is already whole
    if (!response.ok || !response.body) throw new MirrorFailure(`downloading ${mirror.url} failed: HTTP ${response.status}`);
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
        o.onProgress?.({ received, total });
      }
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      break;
    } catch (error) {
      out.destroy();
      if (o.signal?.aborted) throw error;
      if (attempt >= (o.retries ?? 3)) throw new MirrorFailure(`the download of ${o.file} broke off (${cause(error)}); run the command again to resume`);
    }
  }
  if (!expected) {
    fs.rmSync(part, { force: true });
    throw new MirrorFailure(`the host published no sha256 for ${o.file}; pass --sha256 to verify it`);
  }
  const actual = await sha256File(part);
  if (actual !== expected) {
    // A wrong file is never resumed from: the next mirror starts again.
    fs.rmSync(part, { force: true });
    throw new MirrorFailure(`${o.file} is corrupt: sha256 ${actual}, expected ${expected}; the download was deleted`);
  }
  try {
    o.check?.(part);
  } catch (error) {
    fs.rmSync(part, { force: true });
    throw error;
  }
  return actual;
}

/** fetch's own message is "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND) is in its cause. */
function cause(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message;
}

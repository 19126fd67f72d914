import fs from 'node:fs';
import path from 'node:path';
import type { Check } from '../check.ts';
import { msg } from '../check.ts';

/** Finds the Electron binary without requiring the `electron` package (which would start a download). */
export const electronCheck: Check = async ({ paths }) => {
  if (process.versions.electron) {
    const version = process.versions.electron;
    return { id: 'electron', status: 'ok', found: `v${version} (running)`, foundMessage: msg('doctor.found.electronRunning', { version }), details: { version } };
  }
  const pkgDir = path.join(paths.appRoot, 'node_modules', 'electron');
  const version = readVersion(pkgDir);
  const pathFile = path.join(pkgDir, 'path.txt');
  const binary = fs.existsSync(pathFile) ? path.join(pkgDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim()) : null;
  if (binary && fs.existsSync(binary)) {
    return { id: 'electron', status: 'ok', found: `v${version} ${binary}`, details: { version, binary } };
  }
  return {
    id: 'electron',
    status: 'warn',
    found: version ? `v${version}, binary not downloaded` : 'not installed',
    foundMessage: version ? msg('doctor.found.electronNoBinary', { version }) : msg('doctor.found.notInstalled'),
    hint: msg('doctor.hint.electronMissing'),
    details: { version, binary: null, skipDownload: process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1' },
  };
};

function readVersion(pkgDir: string): string | null {
  try {
    return (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

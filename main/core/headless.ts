import fs from 'node:fs';
import path from 'node:path';
import { probeAudioInChildProcess } from '../audio/probe.ts';
import { createCore } from './index.ts';
import { sourcePaths } from '../base/paths.ts';
import { fileKeyStore } from '../store/index.ts';
import { chromiumPrinter } from '../export/pdf.ts';

/** OS locale as BCP 47 (from LANG/LC_ALL on Unix, ICU elsewhere). */
export function osLocale(env: NodeJS.ProcessEnv = process.env): string {
  const posix = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  if (posix && posix !== 'C' && posix !== 'POSIX') return posix.split('.')[0]!.replace('_', '-');
  return Intl.DateTimeFormat().resolvedOptions().locale;
}

/** The core as the CLI and the dev bridge run it: plain Node, from the source checkout. */
export function createHeadlessCore(env: NodeJS.ProcessEnv = process.env, options: { model?: string; teamLink?: boolean } = {}) {
  const paths = sourcePaths(env);
  const pkg = JSON.parse(fs.readFileSync(path.join(paths.appRoot, 'package.json'), 'utf8')) as { productName: string; version: string };
  return createCore({
    paths,
    env,
    probeAudio: () => probeAudioInChildProcess(),
    keys: fileKeyStore(paths.dataDir),
    printPdf: chromiumPrinter(env),
    model: options.model ?? env.CALLCUE_CALL_MODEL,
    teamLink: options.teamLink,
    info: { name: pkg.productName, version: pkg.version, platform: `${process.platform}-${process.arch}`, osLocale: osLocale(env), runtime: 'node' },
  });
}

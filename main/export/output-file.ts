import fs from 'node:fs';
import path from 'node:path';
import { CallcueError, errorMessage } from '../base/errors.ts';
import { processRuns } from '../base/process.ts';

/**
 * Part files are hidden, named for the process writing them and kept beside the target, so the final rename never
 * crosses devices (a rename within one folder is atomic; a temp folder elsewhere would need a copy).
 */
const PART = /^\..+\.callcue-(\d+)-\d+\.part$/;
/** A part this old is stale even if its pid was reused by another process: no export takes a day. */
const STALE_MS = 86_400_000;
let parts = 0;

/** `callcue-2026-11-29-1432.xlsx` in the PC's time, then `-2`, `-3`… when taken: screen exports never replace a file. */
export function freeExportName(dir: string, format: string, now = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stem = `callcue-${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}`;
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${stem}${n > 1 ? `-${n}` : ''}.${format}`);
    if (!fs.existsSync(file)) return file;
  }
}

/**
 * Writes `target` through a part file renamed into place only when whole: a failed export removes its part, a killed
 * one leaves a part the next export into that folder removes. An existing file is replaced only when `replace` says the
 * user agreed (`--force`, the save dialog's question); otherwise it is refused before any work is done.
 */
export async function writeWhole<T>(target: string, replace: boolean, write: (part: string) => Promise<T>): Promise<T> {
  const dir = path.dirname(target);
  checkWritable(dir);
  if (!replace && fs.existsSync(target)) throw exists(target);
  removeStaleParts(dir);
  const part = path.join(dir, `.${path.basename(target)}.callcue-${process.pid}-${++parts}.part`);
  try {
    const result = await write(part);
    publish(part, target, replace);
    return result;
  } catch (error) {
    fs.rmSync(part, { force: true });
    // File system errors (ENOSPC, EISDIR…) say which file; anything else is passed on as it is.
    const errno = typeof (error as NodeJS.ErrnoException).code === 'string' && !(error instanceof CallcueError);
    throw errno ? new CallcueError('export_unwritable', `Cannot write ${target}: ${errorMessage(error)}`) : error;
  }
}

function exists(target: string): CallcueError {
  return new CallcueError('export_exists', `${target} already exists; nothing was written (--force replaces it).`, { key: 'reports.export.exists', vars: { file: target } });
}

/** Renames the part into place; without `replace`, a hard link refuses a target that appeared meanwhile. */
function publish(part: string, target: string, replace: boolean): void {
  if (replace) return fs.renameSync(part, target);
  try {
    fs.linkSync(part, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw exists(target);
    // File systems without hard links (FAT, some network shares): check, then rename.
    if (fs.existsSync(target)) throw exists(target);
    return fs.renameSync(part, target);
  }
  fs.rmSync(part);
}

/** Removes parts left by killed exports: those of processes no longer running, or older than a day. */
function removeStaleParts(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    const pid = PART.exec(name)?.[1];
    if (!pid) continue;
    const file = path.join(dir, name);
    const stale = !processRuns(Number(pid)) || Date.now() - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) > STALE_MS;
    if (stale) fs.rmSync(file, { force: true });
  }
}

function checkWritable(dir: string): void {
  try {
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a folder');
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'the folder does not exist' : code === 'EACCES' ? 'permission denied' : errorMessage(error);
    throw new CallcueError('export_unwritable', `Cannot write the export to ${dir}: ${reason}.`);
  }
}

import fs from 'node:fs/promises';
import type { DoctorCheck } from '../../../preload/contract.ts';
import { sha256File } from '../../base/hash.ts';
import type { Check } from '../check.ts';
import { msg } from '../check.ts';
import { findModel } from '../../asr/models/find.ts';

/** ggml files start with the magic 0x67676d6c written little-endian. */
const GGML_MAGIC = 0x67676d6c;


export const modelCheck: Check = async ({ env, paths }) => {
  const file = await findModel(env, paths.modelsDir);
  if (!file) {
    return { id: 'model', status: 'warn', found: 'none', foundMessage: msg('doctor.found.none'), hint: msg('doctor.hint.modelMissing', { dir: paths.modelsDir }), details: { modelsDir: paths.modelsDir } };
  }
  const bad = (problem: 'missing' | 'notModel'): DoctorCheck => ({
    id: 'model',
    status: 'fail',
    found: `${file}: ${problem === 'missing' ? 'missing' : 'not a ggml model'}`,
    foundMessage: msg(`doctor.found.${problem}`, { file }),
    hint: msg('doctor.hint.modelInvalid', { file }),
    details: { path: file },
  });
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) return bad('missing');
  const handle = await fs.open(file);
  const head = Buffer.alloc(4);
  await handle.read(head, 0, 4, 0).finally(() => handle.close());
  if (stat.size < 4 || head.readUInt32LE(0) !== GGML_MAGIC) return bad('notModel');
  const sha256 = await sha256File(file);
  const mib = (stat.size / 2 ** 20).toFixed(1);
  const vars = { file, mib, sha: sha256.slice(0, 12) };
  return { id: 'model', status: 'ok', found: `${file} (${mib} MiB, sha256 ${vars.sha}…)`, foundMessage: msg('doctor.found.model', vars), details: { path: file, bytes: stat.size, sha256 } };
};

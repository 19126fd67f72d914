import fs from 'node:fs/promises';
import path from 'node:path';
import type { DoctorCheck } from '../../../preload/contract.ts';
import { sha256File } from '../../core/hash.ts';
import type { Check } from '../check.ts';
import { msg } from '../check.ts';

/** ggml files start with the magic 0x67676d6c written little-endian. */
const GGML_MAGIC = 0x67676d6c;

/** CALLCUE_WHISPER_MODEL, else the model chosen with `callcue models use`, else the first ggml model in the folder. */
export async function findModel(env: NodeJS.ProcessEnv, modelsDir: string): Promise<string | null> {
  if (env.CALLCUE_WHISPER_MODEL) return path.resolve(env.CALLCUE_WHISPER_MODEL);
  const chosen = (await fs.readFile(path.join(modelsDir, '.active'), 'utf8').catch(() => '')).trim();
  if (chosen) return chosen;
  const names = await fs.readdir(modelsDir).catch(() => [] as string[]);
  const model = names.filter((n) => /^ggml-.*\.bin$/.test(n)).sort()[0];
  return model ? path.join(modelsDir, model) : null;
}

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

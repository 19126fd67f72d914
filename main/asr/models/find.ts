import fs from 'node:fs/promises';
import path from 'node:path';

/** CALLCUE_WHISPER_MODEL, else the model chosen with `callcue models use`, else the first ggml model in the folder. */
export async function findModel(env: NodeJS.ProcessEnv, modelsDir: string): Promise<string | null> {
  if (env.CALLCUE_WHISPER_MODEL) return path.resolve(env.CALLCUE_WHISPER_MODEL);
  const chosen = (await fs.readFile(path.join(modelsDir, '.active'), 'utf8').catch(() => '')).trim();
  if (chosen) return chosen;
  const names = await fs.readdir(modelsDir).catch(() => [] as string[]);
  const model = names.filter((n) => /^ggml-.*\.bin$/.test(n)).sort()[0];
  return model ? path.join(modelsDir, model) : null;
}

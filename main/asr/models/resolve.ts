import fs from 'node:fs';
import path from 'node:path';
import { CallcueError } from '../../base/errors.ts';
import { catalog, type CatalogModel } from './catalog.ts';
import type { AppPaths } from '../../base/paths.ts';
import { findModel } from './find.ts';
import { fixtureModel } from './fixture.ts';
import { checkModelFile, sizes, type ModelSize } from './ggml.ts';

export interface ResolvedModel {
  path: string;
  /** `fixture`: random weights of a real size, for timing; its transcripts are meaningless. */
  kind: 'file' | 'fixture';
  name: string;
  /** Decode cap: random weights never stop on their own. */
  maxTokens: number;
}

/** `--model PATH | tiny|base|small | fixture:SIZE`, else CALLCUE_WHISPER_MODEL, else the first ggml model in the models folder. */
export async function resolveModel(spec: string | undefined, paths: AppPaths, env: NodeJS.ProcessEnv): Promise<ResolvedModel> {
  const fixture = /^fixture:(\w+)$/.exec(spec ?? '');
  if (fixture) {
    const size = fixture[1] as ModelSize;
    if (!(size in sizes)) throw new CallcueError('usage', `Unknown fixture size "${size}" (one of ${Object.keys(sizes).join(', ')}).`);
    return { path: fixtureModel(size), kind: 'fixture', name: `fixture:${size}`, maxTokens: 24 };
  }
  if (spec && spec in catalog) {
    const file = path.join(paths.modelsDir, catalog[spec as CatalogModel].file);
    if (!fs.existsSync(file)) throw new CallcueError('no_model', `The ${spec} model is not installed: run callcue models download ${spec}.`, { key: 'settings.noModel' });
    return { path: file, kind: 'file', name: catalog[spec as CatalogModel].file, maxTokens: 0 };
  }
  const file = spec ?? (await findModel(env, paths.modelsDir));
  if (!file) {
    throw new CallcueError('no_model', `No Whisper model. Put a ggml model (e.g. ggml-base.bin) in ${paths.modelsDir}, set CALLCUE_WHISPER_MODEL, or pass --model PATH (--model fixture:tiny times the pipeline with random weights).`, { key: 'settings.noModel' });
  }
  checkModelFile(file);
  return { path: file, kind: 'file', name: file.split(/[\\/]/).at(-1)!, maxTokens: 0 };
}

/**
 * Which model calls use for a spec (`--model`, else the setting), without loading it: the catalog name when it is one
 * of the catalog's files in the models folder, else the file, else null. The settings screen shows it when no model
 * is chosen, so "default" never looks like "none".
 */
export async function modelInUse(spec: string | null | undefined, paths: AppPaths, env: NodeJS.ProcessEnv): Promise<string | null> {
  if (spec) return spec;
  const file = await findModel(env, paths.modelsDir);
  if (!file) return null;
  const name = Object.entries(catalog).find(([, entry]) => path.resolve(paths.modelsDir, entry.file) === path.resolve(file))?.[0];
  return name ?? file;
}

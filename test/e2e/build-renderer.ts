import path from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { repoRoot } from '../helpers/cli.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    webDir: string;
  }
}

/** Builds the real renderer once for all browser tests, into its own folder so a parallel Forge build cannot race it. */
export default async function setup(project: TestProject): Promise<void> {
  const outDir = path.join(repoRoot, 'test', 'artifacts', 'web');
  await build({ configFile: path.join(repoRoot, 'vite.renderer.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  project.provide('webDir', outDir);
}

import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** Runs the real `callcue` CLI as a process, the way a user or a script does. */
export function callcue(args: string[], env: NodeJS.ProcessEnv = {}, input?: string) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'main/cli/callcue.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 30_000,
    input,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking this process: for tests that serve something (HTTP) the CLI talks to. */
export function callcueAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repoRoot, 'main/cli/callcue.ts'), ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** A `--json` command's output: one JSON event per line. */
export function jsonLines(stdout: string): (Record<string, unknown> & { type: string })[] {
  return stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown> & { type: string });
}

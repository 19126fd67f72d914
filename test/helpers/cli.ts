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

/**
 * The same, without blocking this process: for tests that serve something (HTTP) the CLI talks to. `timeoutMs`
 * (default 60 s) should follow from the work asked (a call's audio length, say); a run killed at it says so in stderr.
 */
export function callcueAsync(args: string[], env: NodeJS.ProcessEnv = {}, o: { timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const timeout = o.timeoutMs ?? 60_000;
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repoRoot, 'main/cli/callcue.ts'), ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout }, (error, stdout, stderr) => {
      const killed = error && 'killed' in error && error.killed ? `\ncallcue ${args[0]} was killed after its time limit of ${timeout / 1000} s` : '';
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr: stderr + killed });
    });
  });
}

/**
 * A time limit for a whole call on the virtual line, from its speech: every line of the sample call spoken at
 * espeak-ng's pace (about 2.5 English words or 4 Chinese characters a second), three times over for recognition and
 * synthesis on a slow 2-core machine, plus 40 s to load the models.
 */
export function conversationLimitMs(turns: { text: string }[], language: 'en' | 'zh-CN'): number {
  const speechSeconds = turns.reduce((sum, t) => sum + (language === 'en' ? t.text.split(/\s+/).length / 2.5 : t.text.length / 4), 0);
  return Math.round((speechSeconds * 3 + 40) * 1000);
}

/** A `--json` command's output: one JSON event per line. */
export function jsonLines(stdout: string): (Record<string, unknown> & { type: string })[] {
  return stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown> & { type: string });
}

import { describe, expect, it } from 'vitest';
import { callcue } from './helpers/cli.ts';
import { tempDir } from './helpers/tmp.ts';

describe('callcue CLI', () => {
  it('doctor prints a table in the OS language', () => {
    const en = callcue(['doctor'], { LANG: 'en_US.UTF-8', CALLCUE_DATA_DIR: tempDir() });
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(/Check\s+Status\s+Found/);
    expect(en.stdout).toContain('Encrypted database (SQLite)');
    const zh = callcue(['doctor'], { LANG: 'zh_CN.UTF-8', CALLCUE_DATA_DIR: tempDir() });
    expect(zh.stdout).toMatch(/检查项\s+状态\s+检测结果/);
  });

  it('doctor --json is machine-readable with rendered hints', () => {
    const { code, stdout } = callcue(['doctor', '--json', '--lang', 'en'], { CALLCUE_WHISPER_MODEL: '' });
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { ok: boolean; checks: { id: string; status: string; hint?: string; hintKey?: string }[] };
    expect(report.ok).toBe(true);
    const model = report.checks.find((c) => c.id === 'model')!;
    expect(model.hint).toMatch(/CALLCUE_WHISPER_MODEL/);
    expect(model.hintKey).toBe('doctor.hint.modelMissing');
  });

  it('doctor exits 1 when a required part fails', () => {
    const { code, stdout } = callcue(['doctor', '--json'], { CALLCUE_WHISPER_MODEL: '/nonexistent/ggml-base.bin' });
    expect(code).toBe(1);
    expect(JSON.parse(stdout).ok).toBe(false);
  });

  it.each([{ args: ['bogus'] }, { args: ['doctor', '--nope'] }, { args: ['doctor', 'extra'] }, { args: [] }])('bad usage $args: exit 2 with one line and no stack', ({ args }) => {
    const { code, stderr, stdout } = callcue(args);
    expect(code).toBe(2);
    if (args.length) {
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^callcue: /);
      expect(stderr).not.toMatch(/\n\s+at /);
    } else {
      expect(stdout).toContain('Usage: callcue');
    }
  });

  it('--debug shows the stack', () => {
    const { code, stderr } = callcue(['bogus', '--debug']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/\n\s+at /);
  });
});

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

  it.each([
    [['transcribe', 'x.wav', '--threads', 'abc'], /--threads must be a whole number from 1 to 64, not "abc"/],
    [['transcribe', 'x.wav', '--threads', '100000'], /--threads must be a whole number from 1 to 64, not "100000"/],
    [['transcribe', 'x.wav', '--lang', 'fr'], /--lang must be en, zh or auto, not "fr"/],
    [['simulate', '--lang', 'de'], /--lang must be zh or en, not "de"/],
    [['simulate', '--plugin', '../../../etc/passwd'], /business line is named with lowercase letters.*not "\.\.\/\.\.\/\.\.\/etc\/passwd"/],
    [['assist', '--seconds', '-5'], /--seconds must be a positive number, not "-5"/],
    [['models', 'import', '/nonexistent', '--name', '../../evil'], /--name may hold letters, digits.*not "\.\.\/\.\.\/evil"/],
    [['transcribe', 'x.wav', '--thread', '2'], /Unknown or incomplete option --thread\. Usage: callcue transcribe/],
    // A file named like a command is a file.
    [['transcribe', 'transcribe'], /transcribe/],
  ])('%j: one clear line, exit 2, nothing else printed', (args, message) => {
    const { code, stderr, stdout } = callcue(args, { CALLCUE_DATA_DIR: tempDir(), CALLCUE_MODELS_DIR: tempDir() });
    expect(stdout).toBe('');
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/Usage: callcue transcribe FILE$|Which recording/);
  });

  it('--debug shows the stack', () => {
    const { code, stderr } = callcue(['bogus', '--debug']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/\n\s+at /);
  });
});

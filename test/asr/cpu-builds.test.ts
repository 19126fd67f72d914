import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WhisperEngine } from '../../main/asr/whisper-engine.ts';
import { fixtureModel } from '../../main/asr/models/fixture.ts';
import { cpuVariants, variantDir } from '../../native/whisper-cpu.ts';
import { repoRoot } from '../helpers/cli.ts';

const linuxX64 = process.platform === 'linux' && process.arch === 'x64';
if (!linuxX64) console.info('Skipping the CPU-build tests: they read /proc/cpuinfo (Linux x86-64)');
const flags = new Set((linuxX64 ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '').split('\n').find((l) => l.startsWith('flags'))?.split(':')[1]?.trim().split(/\s+/));
const runnable = cpuVariants.filter((v) => v.cpuFlags.every((f) => flags.has(f)));
const built = cpuVariants.filter((v) => fs.existsSync(`${variantDir(repoRoot, v.name)}/build/Release/smart-whisper.node`));
if (built.length < cpuVariants.length) console.info(`CPU builds present: ${built.map((v) => v.name).join(', ') || 'none'} (npm run build:whisper makes the others)`);

describe.skipIf(!linuxX64)('CPU-specific whisper.cpp builds', () => {
  it('npm ci built them, with the context parameters initialised', () => {
    expect(built.map((v) => v.name)).toEqual(cpuVariants.map((v) => v.name));
    for (const v of built) expect(fs.readFileSync(`${variantDir(repoRoot, v.name)}/src/binding/model.cc`, 'utf8')).toContain('whisper_context_default_params()');
  });

  it.each(runnable.map((v) => v.name))('the engine loads the %s build when asked and the CPU can run it', { timeout: 30_000 }, async (name) => {
    const engine = await WhisperEngine.start({ model: fixtureModel('micro'), maxTokens: 4, temperatureFallback: false, cpu: name });
    try {
      expect(engine.info.backend).toBe(`cpu (${name})`);
      const result = await engine.transcribe(new Float32Array(16000), { language: 'en' });
      expect(typeof result.text).toBe('string');
    } finally {
      await engine.close();
    }
  });

  it('by default it picks the best build this CPU runs', { timeout: 30_000 }, async () => {
    const engine = await WhisperEngine.start({ model: fixtureModel('micro'), maxTokens: 4, temperatureFallback: false });
    try {
      expect(engine.info.backend).toBe(`cpu (${runnable[0]!.name})`);
    } finally {
      await engine.close();
    }
  });
});

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { Language } from '../brain/language.ts';
import { loadYaml } from '../config/yaml.ts';
import { CallcueError } from '../base/errors.ts';
import { checkPluginId } from '../base/names.ts';
import { espeakVoiceName } from '../tts/espeak.ts';

export const SampleCall = z
  .object({
    plugin: z.string(),
    language: Language,
    turns: z.array(z.object({ speaker: z.enum(['rep', 'customer']), text: z.string().min(1) }).strict()).min(2),
  })
  .strict();
export type SampleCall = z.infer<typeof SampleCall>;

const sampleFile = (resourcesDir: string, plugin: string, language: Language) => path.join(resourcesDir, 'samples', `${checkPluginId(plugin)}.${language}.yaml`);

export function hasSampleCall(resourcesDir: string, plugin: string, language: Language): boolean {
  return fs.existsSync(sampleFile(resourcesDir, plugin, language));
}

export function loadSampleCall(resourcesDir: string, plugin: string, language: Language): SampleCall {
  const file = sampleFile(resourcesDir, plugin, language);
  if (!fs.existsSync(file)) throw new CallcueError('no_sample', `No sample call for ${plugin} in ${language} (${file}); pass --audio FILE.`);
  return loadYaml(file, SampleCall);
}

function tool(cmd: string, args: string[]): void {
  try {
    execFileSync(cmd, args, { stdio: 'pipe' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CallcueError('no_tts', `${cmd} is needed to speak the sample call (Debian: apt install espeak-ng sox); or pass --audio FILE.`);
    throw error;
  }
}

/**
 * Speaks a sample call into a stereo WAV (rep left, customer right, a pause between turns) with espeak-ng and sox,
 * once: the result is cached by content.
 */
export function renderSampleCall(sample: SampleCall, cacheDir: string): string {
  const voice = espeakVoiceName(sample.language);
  const hash = createHash('sha256').update(JSON.stringify({ sample, voice })).digest('hex').slice(0, 16);
  const out = path.join(cacheDir, 'samples', `${sample.plugin}.${sample.language}.${hash}.wav`);
  if (fs.existsSync(out)) return out;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-sample-'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  try {
    const gap = path.join(work, 'gap.wav');
    tool('sox', ['-n', '-r', '16000', '-c', '2', '-b', '16', gap, 'trim', '0', '0.9']);
    const segments = [gap];
    sample.turns.forEach((turn, i) => {
      const raw = path.join(work, `t${i}.raw.wav`);
      const mono = path.join(work, `t${i}.wav`);
      const quiet = path.join(work, `q${i}.wav`);
      const both = path.join(work, `s${i}.wav`);
      tool('espeak-ng', ['-v', voice, '-s', '150', '-w', raw, turn.text]);
      tool('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', mono]);
      tool('sox', [mono, quiet, 'vol', '0']);
      tool('sox', ['-M', ...(turn.speaker === 'rep' ? [mono, quiet] : [quiet, mono]), both]);
      segments.push(both, gap);
    });
    // Several processes may render the same call at once (tests, two CLIs): each writes its own file, the last rename wins.
    const tmp = `${out}.${process.pid}.tmp.wav`;
    tool('sox', [...segments, tmp]);
    fs.renameSync(tmp, out);
    return out;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

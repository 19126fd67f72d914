import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpuVariants, variantDir } from '../../native/whisper-cpu.ts';

type Binding = typeof import('smart-whisper');

/** The CPU's feature flags (Linux; elsewhere none are read and the portable build is used). */
function cpuFlags(): Set<string> {
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'));
    return new Set(line?.split(':')[1]?.trim().split(/\s+/) ?? []);
  } catch {
    return new Set();
  }
}

/**
 * whisper.cpp built for this CPU: the fastest of CallCue's builds in `root`/native/build the CPU can run, else
 * smart-whisper's own build from node_modules. `cap` (a variant name, e.g. `avx2`) caps the choice.
 */
export async function loadWhisperBinding(root: string | undefined, cap?: string): Promise<{ binding: Binding; variant: string }> {
  if (root) {
    const flags = cpuFlags();
    const first = cpuVariants.findIndex((v) => v.name === cap);
    for (const variant of cpuVariants.slice(Math.max(0, first))) {
      const entry = path.join(variantDir(root, variant.name), 'dist', 'index.js');
      if (variant.cpuFlags.every((f) => flags.has(f)) && fs.existsSync(entry)) {
        return { binding: (await import(pathToFileURL(entry).href)) as Binding, variant: variant.name };
      }
    }
  }
  return { binding: await import('smart-whisper'), variant: 'smart-whisper build' };
}

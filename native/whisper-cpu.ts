/**
 * The CPU levels CallCue builds whisper.cpp for (native/whisper-variants.ts builds them; main/asr/whisper-binding.ts
 * picks one at run time), best first, and where each build lives.
 */
import path from 'node:path';

export interface CpuVariant {
  name: string;
  /** /proc/cpuinfo flags the build needs. */
  cpuFlags: string[];
  cflags: string;
}

export const cpuVariants: CpuVariant[] = [
  { name: 'avx512', cpuFlags: ['avx512f', 'avx512bw', 'avx512dq', 'avx512vl', 'avx2', 'fma', 'f16c'], cflags: '-O3 -mavx512f -mavx512bw -mavx512dq -mavx512vl -mavx2 -mfma -mf16c' },
  { name: 'avx2', cpuFlags: ['avx2', 'fma', 'f16c'], cflags: '-O3 -mavx2 -mfma -mf16c' },
];

/** Where variant `name` lives: a self-contained copy of the smart-whisper package with its own native build. */
export function variantDir(root: string, name: string): string {
  return path.join(root, 'native', 'build', `smart-whisper-${name}`);
}

/**
 * CallCue's builds of whisper.cpp (through smart-whisper's binding), one per CPU level, chosen at run time by what the
 * CPU can do, as whisper.cpp's own GGML_CPU_ALL_VARIANTS does: a portable AVX2/FMA/F16C build (every x86-64 CPU since
 * 2013) and an AVX-512 one. Each is a copy of the smart-whisper package built into native/build/ (git-ignored) by
 * `npm run build:whisper`, which `npm ci` runs (postinstall).
 *
 * One fix is applied to the copy: smart-whisper 0.8 passes whisper.cpp an uninitialised `whisper_context_params`
 * (only use_gpu is set; flash attention, DTW timestamps and the GPU device are whatever was on the stack). Ours start
 * from `whisper_context_default_params()`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cpuVariants, variantDir } from './whisper-cpu.ts';

const UNINITIALISED = '    whisper_context_params params;\n';
const INITIALISED = '    whisper_context_params params = whisper_context_default_params();\n';

function copyPatched(source: string, dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(source, dir, { recursive: true, filter: (src) => !src.startsWith(path.join(source, 'build')) });
  const file = path.join(dir, 'src', 'binding', 'model.cc');
  const code = fs.readFileSync(file, 'utf8');
  // A new smart-whisper must be looked at again, not patched blindly.
  if (!code.includes(UNINITIALISED)) throw new Error(`smart-whisper changed: ${file} no longer has the line this build fixes; review native/whisper-variants.ts.`);
  fs.writeFileSync(file, code.replace(UNINITIALISED, INITIALISED));
}

/** Builds every variant this machine's compiler can build (x86-64 Linux and macOS; elsewhere smart-whisper's own build is used). */
export function buildVariants(root: string): void {
  if (process.arch !== 'x64' || process.platform === 'win32') return;
  const source = path.join(root, 'node_modules', 'smart-whisper');
  // node-gyp from the dev dependencies, else the one npm itself carries (npm_execpath is npm's own script under npm).
  const local = path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const npmOwn = process.env.npm_execpath && path.join(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const gyp = fs.existsSync(local) ? local : npmOwn;
  if (!gyp || !fs.existsSync(gyp)) {
    console.warn('whisper.cpp CPU builds skipped: node-gyp not found (smart-whisper\'s own build is used).');
    return;
  }
  for (const variant of cpuVariants) {
    const dir = variantDir(root, variant.name);
    if (fs.existsSync(path.join(dir, 'build', 'Release', 'smart-whisper.node'))) continue;
    copyPatched(source, dir);
    const started = Date.now();
    try {
      execFileSync(process.execPath, [gyp, 'rebuild'], { cwd: dir, stdio: 'pipe', env: { ...process.env, CFLAGS: variant.cflags, CXXFLAGS: variant.cflags } });
    } catch (error) {
      // A compiler that cannot build a variant is not an install failure: the others, and smart-whisper's own build, remain.
      fs.rmSync(dir, { recursive: true, force: true });
      console.warn(`whisper.cpp ${variant.name} build skipped: ${String((error as { stderr?: Buffer }).stderr ?? error).trim().split('\n').slice(-3).join(' | ')}`);
      continue;
    }
    console.log(`whisper.cpp ${variant.name} build: ${dir} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
}

if (import.meta.main) buildVariants(path.resolve(import.meta.dirname, '..'));

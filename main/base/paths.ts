import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A file next to the calling module, from source. Written as a path join on purpose: Vite rewrites
 * `new URL('./x', import.meta.url)` into an inlined asset, which would copy the source into the app bundle.
 */
export function sibling(moduleUrl: string, name: string): string {
  return path.join(path.dirname(fileURLToPath(moduleUrl)), name);
}

/** The repository root when running from source (this file is main/core/paths.ts). */
export function sourceRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/**
 * Per-user data folder. CALLCUE_DATA_DIR overrides it for every command and for the app,
 * so tests and demos never touch a real profile.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CALLCUE_DATA_DIR) return path.resolve(env.CALLCUE_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'CallCue');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'CallCue');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'CallCue');
}

export interface AppPaths {
  dataDir: string;
  /** Where Whisper models live: `models/` in a source checkout, `<data>/models` in an installed app. */
  modelsDir: string;
  /** Root of the source checkout or of the packaged app, for locating node_modules. */
  appRoot: string;
  /** Bundled content: core training data, plugins, sample calls. */
  resourcesDir: string;
}

/** Paths for headless use from a source checkout (CLI, dev bridge, tests). */
export function sourcePaths(env: NodeJS.ProcessEnv = process.env): AppPaths {
  const appRoot = sourceRoot();
  // CALLCUE_MODELS_DIR moves the models folder (tests; IT admins with a shared model store).
  return { dataDir: defaultDataDir(env), modelsDir: env.CALLCUE_MODELS_DIR ? path.resolve(env.CALLCUE_MODELS_DIR) : path.join(appRoot, 'models'), appRoot, resourcesDir: path.join(appRoot, 'resources') };
}

/** Downloaded and generated files that can be made again (test models, fixtures): never personal data. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CALLCUE_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'callcue');
}

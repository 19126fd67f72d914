import type { AppInfo } from '../../preload/contract.ts';
import { BrainRegistry } from '../brain/index.ts';
import { Doctor, type AudioProbe } from '../doctor/index.ts';
import type { Handlers } from '../ipc/router.ts';
import type { AppPaths } from './paths.ts';

export interface CoreOptions {
  paths: AppPaths;
  info: AppInfo;
  probeAudio: AudioProbe;
  env?: NodeJS.ProcessEnv;
}

/**
 * The app's services, composed once. The Electron shell, the CLI and the browser dev bridge
 * all build the same core; only how its dependencies are made differs.
 */
export function createCore(options: CoreOptions) {
  const doctor = new Doctor({ paths: options.paths, env: options.env ?? process.env, probeAudio: options.probeAudio });
  const handlers: Handlers = {
    'app.info': () => options.info,
    'doctor.run': ({ checks }) => doctor.run(checks),
  };
  let brains: BrainRegistry | undefined;
  return {
    doctor,
    handlers,
    info: options.info,
    paths: options.paths,
    /** Business lines, loaded on first use (reading plugins is cheap, training happens per plugin on demand). */
    get brains(): BrainRegistry {
      brains ??= new BrainRegistry(options.paths.resourcesDir);
      return brains;
    },
  };
}

export type Core = ReturnType<typeof createCore>;

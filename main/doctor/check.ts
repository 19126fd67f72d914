import type { DoctorCheck, Message, TeamStatus } from '../../preload/contract.ts';
import type { AppPaths } from '../base/paths.ts';

import type { AudioProbe } from '../audio/probe.ts';

export type { AudioDeviceInfo, AudioProbe } from '../audio/probe.ts';

export interface DoctorContext {
  paths: AppPaths;
  env: NodeJS.ProcessEnv;
  probeAudio: AudioProbe;
  /** The team store link's state (the core's); absent: a PC of its own. */
  team?: () => TeamStatus;
}

export type Check = (ctx: DoctorContext) => Promise<DoctorCheck>;

/** Builds a message reference; the key must exist in every locale (test/i18n.test.ts checks every literal key passed here). */
export function msg(key: string, vars?: Record<string, string>): Message {
  return vars ? { key, vars } : { key };
}

import type { DoctorCheck, Message } from '../../preload/contract.ts';
import type { AppPaths } from '../core/paths.ts';

/** A way to list audio devices without risking the calling process (native audio can abort it). */
export type AudioProbe = () => Promise<AudioDeviceInfo[]>;

export interface AudioDeviceInfo {
  kind: 'audioinput' | 'audiooutput';
  label: string;
  deviceId: string;
}

export interface DoctorContext {
  paths: AppPaths;
  env: NodeJS.ProcessEnv;
  probeAudio: AudioProbe;
}

export type Check = (ctx: DoctorContext) => Promise<DoctorCheck>;

/** Builds a message reference; the key must exist in every locale (test/i18n.test.ts checks every literal key passed here). */
export function msg(key: string, vars?: Record<string, string>): Message {
  return vars ? { key, vars } : { key };
}

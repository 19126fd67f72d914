import type { DoctorCheck, DoctorReport } from '../../preload/contract.ts';
import { errorMessage } from '../base/errors.ts';
import type { Check, DoctorContext } from './check.ts';
import { msg } from './check.ts';
import { audioCheck } from './checks/audio.ts';
import { electronCheck } from './checks/electron.ts';
import { gpuCheck } from './checks/gpu.ts';
import { hearingCheck } from './checks/hearing.ts';
import { modelCheck } from './checks/model.ts';
import { nodeCheck } from './checks/node.ts';
import { sqliteCheck } from './checks/sqlite.ts';
import { teamCheck } from './checks/team.ts';

export type { AudioDeviceInfo, AudioProbe, DoctorContext } from './check.ts';

const checks: Record<DoctorCheck['id'], Check> = {
  node: nodeCheck,
  electron: electronCheck,
  model: modelCheck,
  sqlite: sqliteCheck,
  audio: audioCheck,
  gpu: gpuCheck,
  hearing: hearingCheck,
  team: teamCheck,
};

/** Parts a call cannot do without; the others (GPU, the desktop window's binary) only make it faster or nicer. */
const NEEDED_FOR_CALLS: DoctorCheck['id'][] = ['model', 'audio'];

/** Finds out what the app needs and whether each part is present. Checks run in parallel; one that throws is reported, not fatal. */
export class Doctor {
  readonly #ctx: DoctorContext;

  constructor(ctx: DoctorContext) {
    this.#ctx = ctx;
  }

  async run(only?: DoctorCheck['id'][]): Promise<DoctorReport> {
    const started = performance.now();
    const ids = only?.length ? only : (Object.keys(checks) as DoctorCheck['id'][]);
    const results = await Promise.all(
      ids.map((id) =>
        checks[id](this.#ctx).catch(
          (error: unknown): DoctorCheck => ({ id, status: 'fail', found: errorMessage(error), hint: msg('doctor.hint.checkCrashed'), details: {} }),
        ),
      ),
    );
    const ok = results.every((c) => c.status !== 'fail');
    // Without a model or a microphone the app opens but cannot assist a call: never summed up as ready.
    const attention = results.some((c) => c.status === 'warn' && NEEDED_FOR_CALLS.includes(c.id));
    return { checks: results, ok, summary: !ok ? 'fail' : attention ? 'warn' : 'ok', tookMs: Math.round(performance.now() - started) };
  }
}

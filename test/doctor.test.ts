import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appHealth } from '../main/asr/health.ts';
import { probeAudioInChildProcess } from '../main/audio/probe.ts';
import { sourcePaths } from '../main/base/paths.ts';
import { Doctor } from '../main/doctor/index.ts';
import { meetsNodeRequirement } from '../main/doctor/checks/node.ts';
import { tempDir } from './helpers/tmp.ts';

function doctorWith(env: NodeJS.ProcessEnv, modelsDir = tempDir()) {
  return new Doctor({ paths: { ...sourcePaths(env), modelsDir }, env, probeAudio: () => probeAudioInChildProcess() });
}

/** A file with the ggml magic and random bytes: enough for the presence/checksum check (the ASR tests load real layouts). */
function ggmlLikeFile(dir: string): string {
  const file = path.join(dir, 'ggml-micro.bin');
  const body = Buffer.alloc(4096, 7);
  body.writeUInt32LE(0x67676d6c, 0);
  fs.writeFileSync(file, body);
  return file;
}

describe('doctor', () => {
  it('reports every part the app needs, from the real machine', async () => {
    const report = await doctorWith({}).run();
    expect(report.checks.map((c) => c.id)).toEqual(['node', 'electron', 'model', 'sqlite', 'audio', 'gpu', 'hearing', 'team']);
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId.node!.status).toBe('ok');
    expect(byId.sqlite).toMatchObject({ status: 'ok', details: { version: expect.stringMatching(/^3\.\d+/) } });
    expect(byId.model).toMatchObject({ status: 'warn', hint: { key: 'doctor.hint.modelMissing' } });
    expect(['ok', 'warn']).toContain(byId.audio!.status);
    // A PC that never joined a team: nothing alarming.
    expect(byId.team).toMatchObject({ status: 'ok', foundMessage: { key: 'doctor.found.teamNone' } });
    for (const check of report.checks) if (check.status !== 'ok') expect(check.hint?.key).toMatch(/^doctor\.hint\./);
  });

  it('speech recognition health: quiet with no calls, attention once more than 5% of the last hour\'s customer turns came back without words', async () => {
    expect((await doctorWith({}).run(['hearing'])).checks[0]).toMatchObject({ status: 'ok', details: { turns: 0 } });
    for (let i = 0; i < 19; i++) appHealth.record('heard');
    appHealth.record('failed');
    expect((await doctorWith({}).run(['hearing'])).checks[0]).toMatchObject({ status: 'ok', details: { turns: 20, unheard: 1, alert: false } });
    appHealth.record('merged');
    expect((await doctorWith({}).run(['hearing'])).checks[0]).toMatchObject({ status: 'ok', details: { turns: 21, unheard: 1, merged: 1 } });
    appHealth.record('unclear');
    const [check] = (await doctorWith({}).run(['hearing'])).checks;
    expect(check).toMatchObject({ status: 'warn', hint: { key: 'doctor.hint.hearing' }, details: { turns: 22, unheard: 2, merged: 1, unclear: 1, failed: 1, alert: true } });
    expect(check!.found).toBe('2 of 22 customer turns in the last hour without words (failed 1, unclear 1); 1 merged into the next to catch up');
  });

  it('gives a model path, size and the same sha256 as sha256sum', async () => {
    const dir = tempDir();
    const file = ggmlLikeFile(dir);
    const [check] = (await doctorWith({ CALLCUE_WHISPER_MODEL: file }).run(['model'])).checks;
    const expected = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
    expect(check).toMatchObject({ status: 'ok', details: { path: file, bytes: 4096, sha256: expected } });
  });

  it('finds a model in the models folder', async () => {
    const dir = tempDir();
    const file = ggmlLikeFile(dir);
    const [check] = (await doctorWith({}, dir).run(['model'])).checks;
    expect(check!.details.path).toBe(file);
  });

  it('fails a file that is not a ggml model, and a missing one', async () => {
    const dir = tempDir();
    const bogus = path.join(dir, 'model.bin');
    fs.writeFileSync(bogus, 'RIFF....WAVE');
    const report = await doctorWith({ CALLCUE_WHISPER_MODEL: bogus }).run(['model']);
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({ status: 'fail', hint: { key: 'doctor.hint.modelInvalid' } });
    const missing = await doctorWith({ CALLCUE_WHISPER_MODEL: path.join(dir, 'nope.bin') }).run(['model']);
    expect(missing.checks[0]!.status).toBe('fail');
  });

  it('reports a crashed audio back-end as a warning, not a crash', async () => {
    const doctor = new Doctor({ paths: sourcePaths({}), env: {}, probeAudio: () => probeAudioInChildProcess(1) });
    const [audio] = (await doctor.run(['audio'])).checks;
    expect(audio).toMatchObject({ status: 'warn', hint: { key: 'doctor.hint.audioBackend' } });
  });

  it('knows the Node version the app needs', () => {
    expect(meetsNodeRequirement('22.13.0')).toBe(true);
    expect(meetsNodeRequirement('v23.1.0')).toBe(true);
    expect(meetsNodeRequirement('22.12.9')).toBe(false);
    expect(meetsNodeRequirement('20.20.2')).toBe(false);
  });
});

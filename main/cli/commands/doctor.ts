import type { TFunction } from 'i18next';
import type { DoctorReport } from '../../../preload/contract.ts';
import type { Translate } from '../../base/translate.ts';
import type { Command } from '../command.ts';
import { formatTable } from '../table.ts';

const icon = { ok: '✔', warn: '⚠', fail: '✖' } as const;

export function renderDoctorJson(report: DoctorReport, render: Translate): string {
  const checks = report.checks.map(({ hint, ...check }) => ({ ...check, ...(hint ? { hint: render(hint), hintKey: hint.key } : {}) }));
  return JSON.stringify({ ...report, checks }, null, 2);
}

export function renderDoctorTable(report: DoctorReport, t: TFunction, render: Translate): string {
  const rows = report.checks.map((c) => [t(`doctor.check.${c.id}`), `${icon[c.status]} ${t(`doctor.status.${c.status}`)}`, c.foundMessage ? render(c.foundMessage) : c.found]);
  const hints = report.checks.filter((c) => c.hint).map((c) => `  ${icon[c.status]} ${t(`doctor.check.${c.id}`)}: ${render(c.hint!)}`);
  return [
    formatTable([t('doctor.columns.check'), t('doctor.columns.status'), t('doctor.columns.found')], rows),
    '',
    t(`doctor.summary.${report.summary}`),
    ...(hints.length ? ['', `${t('doctor.columns.action')}:`, ...hints] : []),
    '',
    t('doctor.tookMs', { ms: report.tookMs }),
  ].join('\n');
}

/** `callcue doctor [--json]`: exit 0 when nothing required is missing, 1 when a required part fails. */
export const doctorCommand: Command = {
  name: 'doctor',
  usage: 'doctor [--json] [--lang en|zh-CN]',
  summary: 'Check what CallCue needs on this machine',
  options: { json: { type: 'boolean' }, lang: { type: 'string' } },
  async run({ core, io, options, t, render }) {
    const report = await core.doctor.run();
    io.stdout(options.json ? renderDoctorJson(report, render) : `${core.info.name} ${core.info.version} — ${t('doctor.title')} (${core.info.platform})\n\n${renderDoctorTable(report, t, render)}`);
    return report.ok ? 0 : 1;
  },
};

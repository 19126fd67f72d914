import type { DoctorReport } from '../../preload/contract.ts';
import type { Core } from '../core/index.ts';
import type { Translate } from '../core/translate.ts';
import type { TFunction } from 'i18next';
import { formatTable } from './table.ts';
import type { CommandResult } from './command.ts';

const icon = { ok: '✔', warn: '⚠', fail: '✖' } as const;

export function renderDoctorJson(report: DoctorReport, render: Translate): string {
  const checks = report.checks.map(({ hint, ...check }) => ({ ...check, ...(hint ? { hint: render(hint), hintKey: hint.key } : {}) }));
  return JSON.stringify({ ...report, checks }, null, 2);
}

export function renderDoctorTable(report: DoctorReport, t: TFunction, render: Translate): string {
  const rows = report.checks.map((c) => [t(`doctor.check.${c.id}`), `${icon[c.status]} ${t(`doctor.status.${c.status}`)}`, c.found]);
  const hints = report.checks.filter((c) => c.hint).map((c) => `  ${icon[c.status]} ${t(`doctor.check.${c.id}`)}: ${render(c.hint!)}`);
  return [
    formatTable([t('doctor.columns.check'), t('doctor.columns.status'), t('doctor.columns.found')], rows),
    '',
    report.ok ? t('doctor.summary.ok') : t('doctor.summary.fail'),
    ...(hints.length ? ['', `${t('doctor.columns.action')}:`, ...hints] : []),
    '',
    t('doctor.tookMs', { ms: report.tookMs }),
  ].join('\n');
}

/** `callcue doctor [--json]`: exit 0 when nothing required is missing, 1 when a required part fails. */
export async function doctorCommand(core: Core, opts: { json: boolean; t: TFunction; render: Translate }): Promise<CommandResult> {
  const report = await core.doctor.run();
  const output = opts.json ? renderDoctorJson(report, opts.render) : `${core.info.name} ${core.info.version} — ${opts.t('doctor.title')} (${core.info.platform})\n\n${renderDoctorTable(report, opts.t, opts.render)}`;
  return { output, exitCode: report.ok ? 0 : 1 };
}

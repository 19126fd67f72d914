import { useTranslation } from 'react-i18next';
import type { DoctorCheck } from '../../../preload/contract.ts';
import { useRequest } from '../useRequest.ts';

const icon = { ok: '✔', warn: '⚠', fail: '✖' } as const;

/** The system check, answered by the real doctor service over the IPC contract. */
export function DoctorPanel() {
  const { t } = useTranslation();
  const [state, reload] = useRequest(() => window.callcue.doctor.run());
  const report = state.value;

  return (
    <section className="card" aria-labelledby="doctor-title" aria-busy={state.status === 'loading'}>
      <header className="card-header">
        <div>
          <h2 id="doctor-title">{t('doctor.title')}</h2>
          <p className="muted">{t('doctor.intro')}</p>
        </div>
        <button type="button" className="primary" onClick={reload} disabled={state.status === 'loading'}>
          {state.status === 'loading' ? t('doctor.running') : t('doctor.run')}
        </button>
      </header>
      {state.status === 'loading' && <div className="progress" role="progressbar" aria-label={t('doctor.running')} />}
      {state.status === 'error' && (
        <p className="error" role="alert">
          {t('app.serviceError', { message: state.message })}
        </p>
      )}
      {report && (
        <>
          <p className={`summary ${report.summary}`} data-testid="doctor-summary">
            {t(`doctor.summary.${report.summary}`)}
          </p>
          <table className="checks">
            <thead>
              <tr>
                <th>{t('doctor.columns.check')}</th>
                <th>{t('doctor.columns.status')}</th>
                <th>{t('doctor.columns.found')}</th>
                <th>{t('doctor.columns.action')}</th>
              </tr>
            </thead>
            <tbody>
              {report.checks.map((check) => (
                <CheckRow key={check.id} check={check} />
              ))}
            </tbody>
          </table>
          <p className="muted small">{t('doctor.tookMs', { ms: report.tookMs })}</p>
        </>
      )}
    </section>
  );
}

function CheckRow({ check }: { check: DoctorCheck }) {
  const { t } = useTranslation();
  return (
    <tr data-check={check.id} data-status={check.status}>
      <td>{t(`doctor.check.${check.id}`)}</td>
      <td className={`status ${check.status}`}>
        <span aria-hidden="true">{icon[check.status]}</span> {t(`doctor.status.${check.status}`)}
      </td>
      <td className="found">{check.foundMessage ? t(check.foundMessage.key as never, check.foundMessage.vars ?? {}) : check.found}</td>
      {/* The hint is for IT and the CLI (folders, variables); the screen says what a rep can click instead. */}
      <td className="hint">{check.hint ? t(`doctor.action.${check.hint.key.replace('doctor.hint.', '')}` as never, check.hint.vars ?? {}) : ''}</td>
    </tr>
  );
}

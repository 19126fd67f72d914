import { useTranslation } from 'react-i18next';
import { useLabels } from '../labels.ts';
import { useRequest } from '../useRequest.ts';

const time = (ms: number, language: string) => new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);

/** Calls stored on this PC: metadata only. */
export function HistoryPanel() {
  const { t, i18n } = useTranslation();
  const [calls, reload] = useRequest(() => window.callcue.calls.list({ limit: 100 }));
  const labels = useLabels();
  return (
    <section className="card" aria-labelledby="history-title">
      <header className="card-header">
        <h2 id="history-title">{t('history.title')}</h2>
        <button type="button" onClick={reload}>
          {t('history.refresh')}
        </button>
      </header>
      {calls.value?.length === 0 && <p className="muted">{t('history.empty')}</p>}
      {!!calls.value?.length && (
        <table className="checks" data-testid="history">
          <thead>
            <tr>
              <th>{t('history.started')}</th>
              <th>{t('history.plugin')}</th>
              <th>{t('history.language')}</th>
              <th>{t('history.duration')}</th>
              <th>{t('history.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {calls.value.map((c) => (
              <tr key={c.id} data-call={c.id}>
                <td>{time(c.startedAt, i18n.language)}</td>
                <td>{c.plugin}</td>
                <td>{c.language}</td>
                <td>{c.durationMs === null ? '—' : t('history.seconds', { s: Math.round(c.durationMs / 1000) })}</td>
                <td>{labels.outcome(c.outcome)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../labels.ts';
import { useFilteredRequest } from '../reports/useFilteredRequest.ts';
import { CallDetail } from './CallDetail.tsx';
import { FilterBar } from './FilterBar.tsx';

const time = (ms: number, language: string) => new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);

/** Calls stored on this PC, filtered: metadata only. A row opens the call's summary. */
export function HistoryPanel() {
  const { t, i18n } = useTranslation();
  const { state: calls, reload, bar } = useFilteredRequest((filter) => window.callcue.calls.list({ filter, limit: 500 }));
  const [open, setOpen] = useState<string | null>(null);
  const labels = useLabels();
  return (
    <section className="card" aria-labelledby="history-title">
      <header className="card-header">
        <h2 id="history-title">{t('history.title')}</h2>
        <button type="button" onClick={reload}>
          {t('history.refresh')}
        </button>
      </header>
      <FilterBar {...bar} />
      {calls.status === 'error' && <p className="error">{calls.message}</p>}
      {calls.value?.length === 0 && <p className="muted">{t('history.empty')}</p>}
      {!!calls.value?.length && (
        <table className="checks rows" data-testid="history">
          <thead>
            <tr>
              <th>{t('history.started')}</th>
              <th>{t('history.plugin')}</th>
              <th>{t('reports.filters.mode')}</th>
              <th>{t('history.language')}</th>
              <th>{t('history.duration')}</th>
              <th>{t('history.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {calls.value.map((c) => (
              <tr key={c.id} data-call={c.id} tabIndex={0} onClick={() => setOpen(c.id)} onKeyDown={(e) => e.key === 'Enter' && setOpen(c.id)}>
                <td>{time(c.startedAt, i18n.language)}</td>
                <td>{c.plugin}</td>
                <td>{labels.mode(c.mode)}</td>
                <td>{c.language}</td>
                <td>{c.durationMs === null ? '—' : t('history.seconds', { s: Math.round(c.durationMs / 1000) })}</td>
                <td>{labels.outcome(c.outcome)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && <CallDetail id={open} onClose={() => setOpen(null)} />}
    </section>
  );
}

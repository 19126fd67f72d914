import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../errors.ts';
import { dateTime, useLabels, usePluginTitle } from '../labels.ts';
import { useFilteredRequest } from '../reports/useFilteredRequest.ts';
import { CallDetail } from './CallDetail.tsx';
import { FilterBar } from './FilterBar.tsx';

/** Calls stored on this PC (on a manager's PC, the whole team's, each with its rep), filtered: metadata only. A row opens the call's summary. */
export function HistoryPanel() {
  const { t, i18n } = useTranslation();
  const { state: calls, reload, bar, scope } = useFilteredRequest((filter, scope) => window.callcue.calls.list({ filter, limit: 500, scope }));
  const errorText = useErrorText();
  const [open, setOpen] = useState<string | null>(null);
  // Without preventDefault the same Enter goes on to press the summary's Close button, which has focus by then.
  const openByKey = (e: KeyboardEvent, id: string) => {
    e.preventDefault();
    setOpen(id);
  };
  const labels = useLabels();
  const pluginTitle = usePluginTitle();
  return (
    <section className="card" aria-labelledby="history-title">
      <header className="card-header">
        <h2 id="history-title">{t('history.title')}</h2>
        <button type="button" onClick={reload}>
          {t('history.refresh')}
        </button>
      </header>
      <FilterBar {...bar} />
      {calls.status === 'error' && (
        <p className="error" role="alert">
          {errorText(calls.error)}
        </p>
      )}
      {calls.value?.length === 0 && <p className="muted">{t('history.empty')}</p>}
      {!!calls.value?.length && (
        <table className="checks rows" data-testid="history">
          <thead>
            <tr>
              {scope === 'team' && <th>{t('reports.columns.rep')}</th>}
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
              <tr key={c.id} data-call={c.id} tabIndex={0} onClick={() => setOpen(c.id)} onKeyDown={(e) => e.key === 'Enter' && openByKey(e, c.id)}>
                {scope === 'team' && <td>{c.rep}</td>}
                <td>{dateTime(c.startedAt, i18n.language)}</td>
                <td>{pluginTitle(c.plugin)}</td>
                <td>{labels.mode(c.mode)}</td>
                <td>{labels.language(c.language)}</td>
                <td>{c.durationMs === null ? '—' : t('history.seconds', { s: Math.round(c.durationMs / 1000) })}</td>
                <td>{labels.outcome(c.outcome)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && <CallDetail id={open} scope={scope} onClose={() => setOpen(null)} />}
    </section>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFormat, RepFigures } from '../../../preload/contract.ts';
import { useErrorText } from '../errors.ts';
import { useLabels } from '../labels.ts';
import { toShown, type FilterForm } from '../reports/filter.ts';
import { useFilteredRequest } from '../reports/useFilteredRequest.ts';
import { ServiceError, unwrap } from '../service.ts';
import { Chart } from './Chart.tsx';
import { Kpis } from './Figures.tsx';
import { FilterBar } from './FilterBar.tsx';

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;
const clock = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.round(ms / 1000) % 60).padStart(2, '0')}`;
const formats: ExportFormat[] = ['xlsx', 'csv', 'pdf', 'json'];

/** The team's view: each rep's calls, conversion, suggestions used and the objections they met most. */
function RepTable({ reps }: { reps: RepFigures[] }) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <table className="checks rows by-rep" data-testid="by-rep" aria-label={t('reports.charts.byRep')}>
      <thead>
        <tr>
          <th>{t('reports.table.rep')}</th>
          <th>{t('reports.series.calls')}</th>
          <th>{t('reports.table.conversion')}</th>
          <th>{t('reports.kpi.suggestionsUsed')}</th>
          <th>{t('reports.table.topObjections')}</th>
        </tr>
      </thead>
      <tbody>
        {reps.map((r) => (
          <tr key={r.rep} data-rep={r.rep}>
            <td>{r.rep}</td>
            <td>{r.calls}</td>
            <td>{percent(r.conversionRate)}</td>
            <td>{r.suggestionsUsed}</td>
            <td>{r.topObjections.map((o) => `${labels.intent(o.intent)} (${o.count})`).join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A failed export remembers the form it was refused for: a range error stays by the dates until they change. */
type ExportState = { state: 'idle' } | { state: 'running' } | { state: 'done'; file: string | null; calls: number } | { state: 'failed'; error: Error; form: FilterForm };

/** The manager's dashboard: key figures and charts across the filtered calls (the team's: per rep too), and export of the same selection. */
export function DashboardPanel() {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const { state: dashboard, reload, bar, scope } = useFilteredRequest((filter, scope) => window.callcue.reports.dashboard({ filter, language, scope }));
  const errorText = useErrorText();
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [exported, setExported] = useState<ExportState>({ state: 'idle' });
  const [shownLanguage, setShownLanguage] = useState(language);
  if (shownLanguage !== language) {
    // Chart labels come from main in the page's language: ask again when it changes.
    setShownLanguage(language);
    reload();
  }
  // Exports the filter bar as shown, applied or not (main refuses an invalid range); once saved, the figures show the same selection.
  const runExport = () => {
    const form = bar.form;
    setExported({ state: 'running' });
    unwrap(window.callcue.reports.export({ shown: toShown(form), format, language, scope })).then(
      ({ file, calls }) => {
        setExported({ state: 'done', file, calls });
        if (file) bar.onApply();
      },
      (error: Error) => setExported({ state: 'failed', error, form }),
    );
  };
  const failed = exported.state === 'failed' ? exported : null;
  const rangeError = failed?.form === bar.form && failed.error instanceof ServiceError && failed.error.code === 'invalid_range' ? errorText(failed.error) : undefined;
  const data = dashboard.value;
  const k = data?.view.kpis;
  return (
    <section className="card dashboard" aria-labelledby="dashboard-title">
      <header className="card-header">
        <h2 id="dashboard-title">{t('reports.title')}</h2>
        <div className="export" role="group" aria-label={t('reports.export.title')}>
          <label>
            {t('reports.export.format')}
            <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} data-testid="export-format">
              {formats.map((f) => (
                <option key={f} value={f}>
                  {f.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={runExport} disabled={exported.state === 'running'} data-testid="export">
            {exported.state === 'running' ? t('reports.export.running') : t('reports.export.run')}
          </button>
        </div>
      </header>
      {exported.state === 'running' && <div className="progress" role="progressbar" aria-label={t('reports.export.running')} />}
      {exported.state === 'done' && (
        <p className="muted small" role="status" data-testid="export-status">
          {exported.file ? t('reports.export.done', { calls: exported.calls, file: exported.file }) : t('reports.export.cancelled')}
        </p>
      )}
      {failed && !rangeError && (
        <p className="error" role="alert">
          {errorText(failed.error)}
        </p>
      )}
      <FilterBar {...bar} error={rangeError} />
      {dashboard.status === 'error' && (
        <p className="error" role="alert">
          {errorText(dashboard.error)}
        </p>
      )}
      {k && (
        <>
          <Kpis
            testId="kpis"
            items={(
              [
                ['calls', String(k.calls)],
                ['conversion', percent(k.conversionRate)],
                ['avgDuration', clock(k.avgDurationMs)],
                ['adoption', percent(k.adoptionRate)],
                ['optOuts', String(k.optOuts)],
              ] as const
            ).map(([name, value]) => [name, t(`reports.kpi.${name}`), value] as const)}
          />
          {data.view.byRep && <RepTable reps={data.view.byRep} />}
          {k.calls === 0 ? (
            <p className="muted">{t('reports.empty')}</p>
          ) : (
            <div className="charts">
              {(['funnel', 'objections', 'byDay', 'byPlugin'] as const).map((name) => (
                <Chart key={name} name={name} option={data.charts[name]} />
              ))}
            </div>
          )}
        </>
      )}
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import type { Scope } from '../../../preload/contract.ts';
import { en } from '../../../locales/index.ts';
import { useLabels } from '../labels.ts';
import type { FilterForm } from '../reports/filter.ts';
import { useRequest } from '../useRequest.ts';

const outcomes = Object.keys(en.call.outcome).filter((o) => o !== 'in_progress');
const intents = Object.keys(en.reports.intent).filter((i) => i !== 'unknown');

/**
 * Whose calls (a manager's PC: this PC's or the whole team's), date range, business line, mode, outcome and intent:
 * the same bar on history and the dashboard. `error`: about the dates, shown by them.
 */
export function FilterBar({
  form,
  onChange,
  onApply,
  busy,
  error,
  scope,
}: {
  form: FilterForm;
  onChange: (form: FilterForm) => void;
  onApply: () => void;
  busy?: boolean;
  error?: string;
  scope?: { value: Scope; onChange: (scope: Scope) => void };
}) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const [plugins] = useRequest(() => window.callcue.plugins.list({}));
  const set = (patch: Partial<FilterForm>) => onChange({ ...form, ...patch });
  const invalid = !!form.from && !!form.to && form.from > form.to;
  const errorId = 'filter-range-error';
  const select = (name: 'plugin' | 'mode' | 'outcome' | 'intent', options: [string, string][]) => (
    <label>
      {t(`reports.filters.${name}`)}
      <select value={form[name]} onChange={(e) => set({ [name]: e.target.value })} data-filter={name}>
        <option value="">{t('reports.filters.any')}</option>
        {options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      className="filters"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) onApply();
      }}
    >
      {scope && (
        <fieldset className="scope" data-testid="scope">
          <legend>{t('reports.scope.label')}</legend>
          {(['pc', 'team'] as const).map((s) => (
            <label key={s}>
              <input type="radio" name="scope" value={s} checked={scope.value === s} onChange={() => scope.onChange(s)} />
              {t(`reports.scope.${s}`)}
            </label>
          ))}
        </fieldset>
      )}
      <label>
        {t('reports.filters.from')}
        <input type="date" value={form.from} max={form.to || undefined} onChange={(e) => set({ from: e.target.value })} data-filter="from" aria-invalid={invalid || !!error} aria-describedby={error ? errorId : undefined} />
      </label>
      <label>
        {t('reports.filters.to')}
        <input type="date" value={form.to} min={form.from || undefined} onChange={(e) => set({ to: e.target.value })} data-filter="to" aria-invalid={invalid || !!error} aria-describedby={error ? errorId : undefined} />
      </label>
      {error && (
        <p className="error small" role="alert" id={errorId} data-testid="range-error">
          {error}
        </p>
      )}
      {select('plugin', (plugins.value ?? []).map((p) => [p.id, i18n.language === 'zh-CN' ? p.title['zh-CN'] : p.title.en]))}
      {select('mode', [['assist', t('reports.mode.assist')], ['auto', t('reports.mode.auto')]])}
      {select('outcome', outcomes.map((o) => [o, labels.outcome(o)]))}
      {select('intent', intents.map((i) => [i, labels.intent(i)]))}
      <button type="submit" className="primary" disabled={invalid || busy}>
        {t('reports.filters.apply')}
      </button>
    </form>
  );
}

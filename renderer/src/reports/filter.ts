import type { CallFilter } from '../../../preload/contract.ts';

/** What the filter bar holds: dates as the date inputs give them (local days, both inclusive), the rest as chosen ('' = any). */
export interface FilterForm {
  from: string;
  to: string;
  plugin: string;
  mode: '' | 'assist' | 'auto';
  outcome: string;
  intent: string;
}

const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The last 30 days, everything else open. */
export function defaultForm(now = new Date()): FilterForm {
  const from = new Date(now);
  from.setDate(from.getDate() - 29);
  return { from: day(from), to: day(now), plugin: '', mode: '', outcome: '', intent: '' };
}

/** The form as the contract's filter: local midnight of `from` up to local midnight after `to`. */
export function toFilter(form: FilterForm): CallFilter {
  const start = (text: string) => (text ? new Date(`${text}T00:00:00`).getTime() : undefined);
  const from = start(form.from);
  const end = start(form.to);
  return {
    from,
    to: end === undefined ? undefined : end + 86_400_000,
    plugin: form.plugin || undefined,
    mode: form.mode || undefined,
    outcome: form.outcome || undefined,
    intent: form.intent || undefined,
  };
}

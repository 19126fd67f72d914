import type { CallFilter, ShownFilter } from '../../../preload/contract.ts';

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

/** The choices besides the dates ('' = any). */
const narrowing = (form: FilterForm) => ({ plugin: form.plugin || undefined, mode: form.mode || undefined, outcome: form.outcome || undefined, intent: form.intent || undefined });

/** The form as the contract's filter: local midnight of `from` up to local midnight after `to`. */
export function toFilter(form: FilterForm): CallFilter {
  const start = (text: string) => (text ? new Date(`${text}T00:00:00`).getTime() : undefined);
  const from = start(form.from);
  const end = start(form.to);
  return { from, to: end === undefined ? undefined : end + 86_400_000, ...narrowing(form) };
}

/** The form exactly as shown, for main to read and check (exports): the dates as typed, in this page's time zone. */
export function toShown(form: FilterForm): ShownFilter {
  return { from: form.from, to: form.to, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, ...narrowing(form) };
}

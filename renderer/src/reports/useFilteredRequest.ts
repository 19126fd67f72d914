import { useState } from 'react';
import type { CallFilter, Envelope } from '../../../preload/contract.ts';
import { useRequest } from '../useRequest.ts';
import { defaultForm, toFilter } from './filter.ts';

/** A request over the calls the filter bar selects: re-run when the filters are applied (not on every keystroke). */
export function useFilteredRequest<T>(request: (filter: CallFilter) => Promise<Envelope<T>>) {
  const [form, setForm] = useState(defaultForm);
  const [applied, setApplied] = useState(form);
  const [state, reload] = useRequest(() => request(toFilter(applied)));
  const bar = {
    form,
    onChange: setForm,
    busy: state.status === 'loading',
    onApply: () => {
      setApplied(form);
      reload();
    },
  };
  return { state, reload, bar };
}

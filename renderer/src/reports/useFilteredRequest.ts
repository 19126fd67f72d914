import { useState } from 'react';
import type { CallFilter, Envelope, Scope } from '../../../preload/contract.ts';
import { useTeamStatus } from '../team/useTeamStatus.ts';
import { useRequest } from '../useRequest.ts';
import { defaultForm, toFilter } from './filter.ts';

/**
 * A request over the calls the filter bar selects: re-run when the filters are applied (not on every keystroke) or
 * the scope changes. On a manager's PC the bar can show the whole team's calls; anywhere else, this PC's only.
 */
export function useFilteredRequest<T>(request: (filter: CallFilter, scope: Scope) => Promise<Envelope<T>>) {
  const [form, setForm] = useState(defaultForm);
  const [applied, setApplied] = useState(form);
  const [chosen, setChosen] = useState<Scope>('pc');
  const team = useTeamStatus();
  const teamView = Boolean(team?.joined && team.manager);
  const scope: Scope = teamView ? chosen : 'pc';
  const [state, reload] = useRequest(() => request(toFilter(applied), scope));
  const bar = {
    form,
    onChange: setForm,
    busy: state.status === 'loading',
    onApply: () => {
      setApplied(form);
      reload();
    },
    scope: teamView
      ? {
          value: scope,
          onChange: (next: Scope) => {
            setChosen(next);
            reload();
          },
        }
      : undefined,
  };
  return { state, reload, bar, scope };
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../../preload/contract.ts';
import { errorFor, useErrorText } from '../errors.ts';
import { unwrap } from '../service.ts';
import { useTeamStatus } from '../team/useTeamStatus.ts';
import { Field } from './fields.tsx';

type Joined = ResponseOf<'team.join'>;

/**
 * Settings › Team: whether this PC is on a team, and joining one with the login line the manager gave (pasted, never
 * shown). The line is tried before it is kept: a wrong one says why next to the field and changes nothing.
 */
export function TeamSettings() {
  const { t } = useTranslation();
  const say = useErrorText();
  const status = useTeamStatus();
  const [url, setUrl] = useState('');
  const [state, setState] = useState<{ state: 'idle' } | { state: 'joining' } | { state: 'joined'; joined: Joined } | { state: 'failed'; error: Error }>({ state: 'idle' });
  const join = () => {
    setState({ state: 'joining' });
    unwrap(window.callcue.team.join({ url })).then(
      (joined) => {
        setUrl('');
        setState({ state: 'joined', joined });
      },
      (error: Error) => setState({ state: 'failed', error }),
    );
  };
  const failed = state.state === 'failed' ? state.error : undefined;
  const urlError = errorFor(failed, 'url');
  const role = (manager: boolean) => t(manager ? 'settings.team.manager' : 'settings.team.rep');
  return (
    <fieldset data-testid="team-settings">
      <legend>{t('settings.team.legend')}</legend>
      <p className="muted small" data-testid="team-joined">
        {status?.joined ? t('settings.team.on', { role: role(status.manager) }) : t('settings.team.none')}
      </p>
      <form
        className="team-join"
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim()) join();
        }}
      >
        <Field label={status?.joined ? t('settings.team.loginAgain') : t('settings.team.login')} error={urlError}>
          {(aria) => <input type="password" autoComplete="off" spellCheck={false} value={url} placeholder="postgres://…" onChange={(e) => setUrl(e.target.value)} {...aria} />}
        </Field>
        <button type="submit" disabled={!url.trim() || state.state === 'joining'}>
          {state.state === 'joining' ? t('settings.team.joining') : t('settings.team.join')}
        </button>
      </form>
      <p className="muted small">{t('settings.team.hint')}</p>
      {state.state === 'joined' && (
        <p className="status ok" role="status">
          {t('settings.team.joined', { name: state.joined.name, role: role(state.joined.manager), where: state.joined.where })}
          {state.joined.queued > 0 && ` ${t('settings.team.queued', { count: state.joined.queued })}`}
        </p>
      )}
      {failed && !urlError && (
        <p className="error" role="alert">
          {say(failed)}
        </p>
      )}
    </fieldset>
  );
}

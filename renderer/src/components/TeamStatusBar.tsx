import { useTranslation } from 'react-i18next';
import { useTeamStatus } from '../team/useTeamStatus.ts';

/** The footer's team line: nothing on a PC that never joined a team; else connected or not, what waits, when last sent. */
export function TeamStatusBar() {
  const { t, i18n } = useTranslation();
  const s = useTeamStatus();
  if (!s?.joined) return null;
  const time = s.lastSyncAt === null ? null : new Date(s.lastSyncAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  const parts = [
    s.connected ? t('app.team.connected') : t('app.team.offline'),
    s.pending ? t('app.team.pending', { count: s.pending }) : s.connected ? t('app.team.upToDate') : null,
    !s.connected && time ? t('app.team.lastSync', { time }) : null,
  ];
  return (
    <span className={`team-status${s.dncStale ? ' warn' : ''}`} data-testid="team-status" title={t('app.team.title')}>
      {t('app.team.line', { state: parts.filter(Boolean).join(' · ') })}
      {s.dncStale && <strong> · {t('app.team.stale')}</strong>}
    </span>
  );
}

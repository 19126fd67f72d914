import { useTranslation } from 'react-i18next';
import type { TeamCampaignReport } from '../../../preload/contract.ts';
import { useTeamCampaign } from '../campaign/useTeamCampaign.ts';
import { useErrorText } from '../errors.ts';
import { useLabels } from '../labels.ts';
import { Counts, Kpis } from './Figures.tsx';

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Every PC on the campaign: whose, on the line now, dialled, answered, abandoned, and what their calls came to. */
function PcTable({ report }: { report: TeamCampaignReport }) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <table className="checks rows" data-testid="team-campaign-pcs">
      <thead>
        <tr>
          <th>{t('campaign.team.pc')}</th>
          <th>{t('campaign.kpi.onLine')}</th>
          <th>{t('campaign.kpi.dialled')}</th>
          <th>{t('campaign.kpi.answered')}</th>
          <th>{t('campaign.dispositions')}</th>
        </tr>
      </thead>
      <tbody>
        {report.pcs.map((pc) => (
          <tr key={pc.rep} data-rep={pc.rep}>
            <td>{pc.displayName ?? pc.rep}</td>
            <td>{pc.onLine}</td>
            <td>{pc.dialled}</td>
            <td>{pc.answered}</td>
            <td>
              {Object.entries(pc.dispositions)
                .map(([d, n]) => `${labels.outcome(d)} ${n}`)
                .join(' · ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The Autopilot tab on a manager's PC: a team campaign live across every PC (PCs on a call, dialled, answered,
 * skipped with reasons, dispositions, abandonment against its limit, each PC's share), and the manager's commands,
 * which reach every PC within seconds.
 */
export function TeamCampaignCard() {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const errorText = useErrorText();
  const { campaigns, id, choose, report: r, error, setState } = useTeamCampaign();
  const state = r?.campaign.state;
  const stop = () => window.confirm(t('campaign.team.confirmStop')) && setState('stopped');
  return (
    <section className="card" aria-labelledby="team-campaign-title" data-testid="team-campaign">
      <div className="card-header">
        <div>
          <h2 id="team-campaign-title">{t('campaign.team.title')}</h2>
          <p className="muted small">{t('campaign.team.intro')}</p>
        </div>
        {state && (
          <span className={`chip state-chip campaign-state ${state}`} data-testid="team-campaign-state">
            {t(`campaign.state.${state}`)}
          </span>
        )}
      </div>
      {campaigns.status === 'error' && (
        <p className="error" role="alert">
          {errorText(campaigns.error)}
        </p>
      )}
      {campaigns.value?.length === 0 && <p className="muted">{t('campaign.team.none')}</p>}
      {!!campaigns.value?.length && (
        <div className="actions">
          <label>
            {t('campaign.team.choose')}{' '}
            <select value={id} onChange={(e) => choose(Number(e.target.value))} data-testid="team-campaign-choose">
              {campaigns.value.map((c) => (
                <option key={c.id} value={c.id}>
                  {`#${c.id} ${c.name}`}
                </option>
              ))}
            </select>
          </label>
          {(state === 'idle' || state === 'paused') && (
            <button type="button" className="primary" onClick={() => setState('running')}>
              {state === 'idle' ? t('campaign.team.start') : t('campaign.resume')}
            </button>
          )}
          {state === 'running' && (
            <button type="button" onClick={() => setState('paused')}>
              {t('campaign.pause')}
            </button>
          )}
          {state && state !== 'stopped' && (
            <button type="button" onClick={stop}>
              {t('campaign.stop')}
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {errorText(error)}
        </p>
      )}
      {r && (
        <div aria-live="polite">
          <progress max={r.leads.total || 1} value={r.leads.finished} aria-label={t('campaign.team.leads', { finished: r.leads.finished, total: r.leads.total, eligible: r.leads.eligibleNow, leased: r.leads.leasedNow })} />
          <p className="muted small" data-testid="team-campaign-leads">
            {t('campaign.team.leads', { finished: r.leads.finished, total: r.leads.total, eligible: r.leads.eligibleNow, leased: r.leads.leasedNow })}
            {/* Why it is paused or stopped, by whom or what, and when. */}
            {(state === 'paused' || state === 'stopped') &&
              r.campaign.stateReason &&
              r.campaign.stateChangedAt &&
              ` · ${t('campaign.team.changed', {
                state: t(`campaign.state.${r.campaign.state}`),
                reason: t(`campaign.team.reason.${r.campaign.stateReason}` as never, { defaultValue: r.campaign.stateReason }),
                time: new Date(r.campaign.stateChangedAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' }),
              })}`}
          </p>
          <Kpis
            items={[
              ['working', t('campaign.team.working'), r.pcs.filter((pc) => pc.onLine > 0).length],
              ['onLine', t('campaign.kpi.onLine'), r.totals.onLine],
              ['dialled', t('campaign.kpi.dialled'), r.totals.dialled],
              ['answered', t('campaign.kpi.answered'), r.totals.answered],
              ['abandonment', t('campaign.kpi.abandonment'), t('campaign.team.abandonment', { rate: percent(r.totals.abandonRate), limit: percent(r.campaign.abandonLimit) })],
            ]}
          />
          <div className="campaign-breakdown">
            <div>
              <h3>{t('campaign.dispositions')}</h3>
              <Counts of={r.totals.dispositions} label={labels.outcome} testId="team-dispositions" />
            </div>
            <div>
              <h3>{t('campaign.skips')}</h3>
              <Counts of={r.skipped} label={(k) => t(`campaign.skip.${k}` as never)} testId="team-skips" />
            </div>
          </div>
          <h3>{t('campaign.team.pcs')}</h3>
          <PcTable report={r} />
        </div>
      )}
    </section>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignStatus } from '../../../preload/contract.ts';
import { useCampaign } from '../campaign/useCampaign.ts';
import { errorFor, useErrorText } from '../errors.ts';
import { useLabels } from '../labels.ts';
import { DoNotCallCard } from './DoNotCallCard.tsx';
import { Counts, Kpis } from './Figures.tsx';
import { Field } from './fields.tsx';
import { LeadListField } from './LeadListField.tsx';
import { TeamCampaignCard } from './TeamCampaignCard.tsx';
import { noTransfer, transferError, transferRequest, TransferFields, type TransferChoice } from './TransferFields.tsx';
import { useTeamStatus } from '../team/useTeamStatus.ts';

const busy = (s: CampaignStatus['state'] | undefined) => s === 'starting' || s === 'running' || s === 'paused' || s === 'stopping';

/** Autonomous mode: import leads, choose the line, start/pause/resume/stop, and watch the campaign live; on a manager's PC, the team's campaigns too. */
export function CampaignPanel() {
  const { t, i18n } = useTranslation();
  const team = useTeamStatus();
  const labels = useLabels();
  const campaign = useCampaign();
  const { status } = campaign;
  const [lineKind, setLineKind] = useState<'virtual' | 'sip'>('virtual');
  const [sip, setSip] = useState('');
  const [password, setPassword] = useState('');
  const [concurrency, setConcurrency] = useState(2);
  const [maxAttempts, setMaxAttempts] = useState(3);
  const [until, setUntil] = useState('');
  const [voicemail, setVoicemail] = useState<'hang_up' | 'leave_message'>('hang_up');
  const [callbackNumber, setCallbackNumber] = useState('');
  const [transfer, setTransfer] = useState<TransferChoice>(noTransfer);
  const running = busy(status?.state);
  const say = useErrorText();
  // The SIP account's and password's errors go next to them; the rest by the buttons.
  // A refused account (by the contract's pattern or by the line itself) is told with the format to use.
  const lineError = errorFor(campaign.error, 'line') && new Error(t('campaign.errors.sipAccount'));
  const passwordError = errorFor(campaign.error, 'password');
  const callbackError = errorFor(campaign.error, 'callbackNumber') && new Error(t('campaign.errors.callbackNumber'));
  const transferErrors = transferError(campaign.error, t);

  // Ctrl+Shift+P: pause or resume without reaching for the mouse.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || !e.shiftKey || e.key.toLowerCase() !== 'p') return;
      e.preventDefault();
      if (status?.state === 'running') void campaign.pause();
      else if (status?.state === 'paused') void campaign.resume();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [status?.state, campaign]);

  const start = () =>
    void campaign.start({ line: lineKind === 'virtual' ? 'virtual' : sip.trim(), password: lineKind === 'sip' && password ? password : undefined, concurrency, maxAttempts, until: until || null, voicemail, callbackNumber: voicemail === 'leave_message' ? callbackNumber.replace(/[\s()-]/g, '') || undefined : undefined, ...(lineKind === 'sip' ? transferRequest(transfer) : {}) });
  const leads = status?.leads ?? 0;

  return (
    <div className="campaign">
      {team?.joined && team.manager && <TeamCampaignCard />}
      <section className="card" aria-labelledby="campaign-title">
        <div className="card-header">
          <div>
            <h2 id="campaign-title">{t('campaign.title')}</h2>
            <p className="muted small">{t('campaign.intro')}</p>
          </div>
          {status && (
            <span className={`chip state-chip campaign-state ${status.state}`} data-testid="campaign-state">
              {t(`campaign.state.${status.state}`)}
            </span>
          )}
        </div>
        <div className="campaign-setup">
          <LeadListField disabled={running} ready={leads} />
          <fieldset disabled={running}>
            <legend>{t('campaign.line')}</legend>
            <label className="inline">
              <input type="radio" name="line" checked={lineKind === 'virtual'} onChange={() => setLineKind('virtual')} /> {t('campaign.virtualLine')}
            </label>
            <label className="inline">
              <input type="radio" name="line" checked={lineKind === 'sip'} onChange={() => setLineKind('sip')} /> {t('campaign.sipLine')}
            </label>
            {lineKind === 'sip' && (
              <>
                <Field label={t('campaign.sipAccount')} error={lineError}>
                  {(aria) => <input type="text" value={sip} placeholder="sip:callcue@pbx.example.com;transport=tls" onChange={(e) => setSip(e.target.value)} {...aria} />}
                </Field>
                <Field label={t('campaign.password')} error={passwordError}>
                  {(aria) => <input type="password" value={password} autoComplete="off" onChange={(e) => setPassword(e.target.value)} {...aria} />}
                </Field>
                <TransferFields value={transfer} onChange={setTransfer} error={transferErrors} />
              </>
            )}
            <label>
              {t('campaign.concurrency')}
              <input type="number" min={1} max={8} value={concurrency} onChange={(e) => setConcurrency(Number(e.target.value))} />
            </label>
            <label>
              {t('campaign.maxAttempts')}
              <input type="number" min={1} max={10} value={maxAttempts} onChange={(e) => setMaxAttempts(Number(e.target.value))} />
            </label>
            <label>
              {t('campaign.voicemail')}
              <select value={voicemail} onChange={(e) => setVoicemail(e.target.value as 'hang_up' | 'leave_message')}>
                <option value="hang_up">{t('campaign.voicemailHangUp')}</option>
                <option value="leave_message">{t('campaign.voicemailLeave')}</option>
              </select>
            </label>
            {voicemail === 'leave_message' && (
              <Field label={t('campaign.callbackNumber')} error={callbackError}>
                {(aria) => <input type="tel" value={callbackNumber} placeholder="+14155550100" onChange={(e) => setCallbackNumber(e.target.value)} {...aria} />}
              </Field>
            )}
            <label>
              {t('campaign.until')}
              <input type="time" value={until} onChange={(e) => setUntil(e.target.value)} aria-describedby="until-hint" />
            </label>
            {!until && (
              <span id="until-hint" className="muted small">
                {t('campaign.untilNone')}
              </span>
            )}
          </fieldset>
        </div>
        <div className="actions">
          {campaign.error && !lineError && !passwordError && !callbackError && !transferErrors.to && !transferErrors.hours && (
            <span className="error" role="alert">
              {say(campaign.error)}
            </span>
          )}
          <span className="muted small">{t('campaign.shortcuts')}</span>
          {status?.state === 'running' && (
            <button type="button" onClick={() => void campaign.pause()}>
              {t('campaign.pause')}
            </button>
          )}
          {status?.state === 'paused' && (
            <button type="button" onClick={() => void campaign.resume()}>
              {t('campaign.resume')}
            </button>
          )}
          {(status?.state === 'running' || status?.state === 'paused') && (
            <button type="button" onClick={() => void campaign.stop()}>
              {t('campaign.stop')}
            </button>
          )}
          <button type="button" className="primary" disabled={running || !leads || (lineKind === 'sip' && !sip.trim())} onClick={start}>
            {t('campaign.start')}
          </button>
        </div>
      </section>

      {status && status.state !== 'idle' && (
        <section className="card" aria-live="polite" data-testid="campaign-progress">
          <progress max={status.leads || 1} value={status.processed} aria-label={t('campaign.progress', { processed: status.processed, leads: status.leads })} />
          <p className="muted small">
            {t('campaign.progress', { processed: status.processed, leads: status.leads })}
            {status.stoppedBy && ` · ${t(`campaign.stoppedBy.${status.stoppedBy}` as never)}`}
            {status.rowsSkipped > 0 && ` · ${t('campaign.rowsSkipped', { count: status.rowsSkipped })}`}
          </p>
          {/* Stopping waits for the calls on the line to end politely (up to a minute): say so, and how many. */}
          {status.state === 'stopping' && (
            <p className="status warn" role="status" data-testid="campaign-stopping">
              {t('campaign.stoppingCalls', { count: status.onLine })}
            </p>
          )}
          {status.error && <p className="error">{status.error}</p>}
          <Kpis
            items={(
              [
                ['onLine', status.onLine],
                ['dialled', status.dialled],
                ['answered', status.answered],
                ['skipped', Object.values(status.skipped).reduce((a, b) => a + b, 0)],
                ['abandonment', `${(status.abandonRate * 100).toFixed(1)}%`],
              ] as const
            ).map(([kpi, value]) => [kpi, t(`campaign.kpi.${kpi}`), value] as const)}
          />
          <div className="campaign-breakdown">
            <div>
              <h3>{t('campaign.dispositions')}</h3>
              <Counts of={status.dispositions} label={labels.outcome} testId="dispositions" />
            </div>
            <div>
              <h3>{t('campaign.skips')}</h3>
              <Counts of={status.skipped} label={(k) => t(`campaign.skip.${k}` as never)} testId="skips" />
            </div>
          </div>
          <h3>{t('campaign.log')}</h3>
          {status.log.length ? (
            <table className="checks campaign-log" data-testid="campaign-log">
              <tbody>
                {status.log.slice(0, 50).map((e, i) => (
                  <tr key={`${e.at}-${i}`} data-type={e.type}>
                    <td className="muted small">{new Date(e.at).toLocaleTimeString(i18n.language)}</td>
                    <td>{t(`campaign.event.${e.type}`)}</td>
                    <td>{e.phone}</td>
                    {/* The line's own words (SIP status, windows) stay a tooltip: they are not translated. */}
                    <td title={e.detail}>
                      {e.what && (e.type === 'skip' ? t(`campaign.skip.${e.what}` as never) : e.type === 'disposition' ? labels.outcome(e.what) : e.type === 'done' ? t(`campaign.stoppedBy.${e.what}` as never) : t(`campaign.pausedBy.${e.what}` as never))}
                      {/* The callee's own clock, as booked: 2026-11-30 15:00. */}
                      {e.callbackAt && ` · ${e.callbackAt.slice(0, 16).replace('T', ' ')}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted small">{t('campaign.noEvents')}</p>
          )}
        </section>
      )}

      <DoNotCallCard version={status?.dispositions.opted_out ?? 0} />
    </div>
  );
}

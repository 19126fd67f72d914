import { useTranslation } from 'react-i18next';
import type { CallDetailView, Scope } from '../../../preload/contract.ts';
import { useErrorText } from '../errors.ts';
import { dateTime, useLabels, usePluginTitle } from '../labels.ts';
import { useRequest } from '../useRequest.ts';
import { Modal } from './Modal.tsx';


/** Which call this is: whose (the team's view), when, which business line, and the number (masked by main; assist calls have none). */
function CallFacts({ call }: { call: CallDetailView['call'] }) {
  const { t, i18n } = useTranslation();
  const pluginTitle = usePluginTitle();
  return (
    <dl className="facts" data-testid="call-facts">
      {call.rep && (
        <>
          <dt>{t('reports.columns.rep')}</dt>
          <dd data-testid="call-rep">{call.rep}</dd>
        </>
      )}
      <dt>{t('history.started')}</dt>
      <dd>{dateTime(call.startedAt, i18n.language)}</dd>
      <dt>{t('history.plugin')}</dt>
      <dd>{pluginTitle(call.plugin)}</dd>
      {call.phone && (
        <>
          <dt>{t('reports.columns.phone')}</dt>
          <dd data-testid="call-phone">{call.phone}</dd>
        </>
      )}
    </dl>
  );
}

/** One call's summary for the manager: stages and intents over time, objections and their answers, talk time. Esc closes it. */
export function CallDetail({ id, scope, onClose }: { id: string; scope: Scope; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const seconds = (ms: number) => t('history.seconds', { s: (ms / 1000).toFixed(1) });
  const [detail] = useRequest(() => window.callcue.calls.get({ id, scope }));
  const errorText = useErrorText();
  const d = detail.value;
  return (
    <Modal labelledBy="detail-title" onClose={onClose} className="detail" testId="call-detail">
      <header className="card-header">
        <h2 id="detail-title">{t('reports.detail.title')}</h2>
        <button type="button" onClick={onClose} autoFocus>
          {t('reports.detail.close')}
        </button>
      </header>
      {detail.status === 'error' && <p className="error">{errorText(detail.error)}</p>}
      {d && (
        <>
          <CallFacts call={d.call} />
          <p>
            <span className="chip state-chip">{labels.outcome(d.call.outcome)}</span> {t('reports.detail.furthest', { stage: labels.stage(d.furthestStage) })}
          </p>
          <p className="muted">
            {t('reports.detail.talk', { rep: seconds(d.talk.repMs), customer: seconds(d.talk.customerMs) })} · {t('reports.detail.suggestions', d.suggestions)}
          </p>
          {d.talk.repShare !== null && (
            <div className="talk-bar" role="img" aria-label={t('reports.detail.talk', { rep: seconds(d.talk.repMs), customer: seconds(d.talk.customerMs) })}>
              <meter min={0} max={1} value={d.talk.repShare} />
            </div>
          )}
          <h3>{t('reports.detail.objections')}</h3>
          {d.objections.length === 0 && <p className="muted">{t('reports.detail.none')}</p>}
          <ul className="objections">
            {d.objections.map((o, i) => (
              <li key={i}>
                <strong>{labels.intent(o.intent)}</strong> <span className="muted">{seconds(o.atMs)}</span> ·{' '}
                {o.handledWith ? t('reports.detail.answeredWith', { rank: o.handledWith.rank, source: t(`reports.detail.source.${o.handledWith.source as 'card'}`) }) : t('reports.detail.unanswered')}
                {o.next && ` · ${t('reports.detail.then', { stage: labels.stage(o.next) })}`}
              </li>
            ))}
          </ul>
          <h3>{t('reports.detail.timeline')}</h3>
          <ol className="timeline">
            {d.timeline.map((turn, i) => (
              <li key={i} className={turn.channel}>
                <span className="muted">{seconds(turn.atMs)}</span> {turn.channel === 'rep' ? t('call.rep') : t('call.customer')}
                {turn.intent && (
                  <>
                    {' '}
                    · <span className="chip intent">{labels.intent(turn.intent)}</span>
                    {turn.confidence !== null && <span className="muted"> {Math.round(turn.confidence * 100)}%</span>}
                  </>
                )}
                {turn.to && turn.to !== turn.from && <span className="muted"> → {labels.stage(turn.to)}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
    </Modal>
  );
}

import { useTranslation } from 'react-i18next';
import { useCall } from '../call/useCall.ts';
import { isBehind } from '../call/view.ts';
import { useLabels } from '../labels.ts';

/** Where the playbook stands and what the customer meant; a guess under the brain's floor is marked, not trusted. */
function TurnInfo() {
  const { t } = useTranslation();
  const [view] = useCall();
  const labels = useLabels();
  const { intent } = view;
  const percent = intent && Math.round(intent.confidence * 100);
  return (
    <>
      {view.state && (
        <p className="state">
          <span className="chip state-chip" data-testid="call-state">
            {labels.stage(view.state)}
          </span>{' '}
          <span className="muted">{view.goal}</span>
        </p>
      )}
      {intent && (
        <p>
          <span className={`chip intent${intent.lowConfidence ? ' unsure' : ''}`} data-testid="intent" data-intent={intent.name}>
            {labels.intent(intent.name)} · {percent}%
          </span>
          {view.latencyMs !== undefined && <span className="muted small latency"> {view.latencyMs <= 0 ? t('call.readyBefore') : t('call.latency', { seconds: (view.latencyMs / 1000).toFixed(1) })}</span>}
        </p>
      )}
      <HearingNotes />
      {intent?.lowConfidence && (
        <p className="warn-note" role="status" data-testid="low-confidence">
          ⚠ {t('call.lowConfidence', { percent })}
        </p>
      )}
    </>
  );
}

/** Said when hearing fails the rep: recognition is behind (and by how much), or misses too many of the customer's turns. */
function HearingNotes() {
  const { t } = useTranslation();
  const [view] = useCall();
  const h = view.hearing;
  if (!h) return null;
  return (
    <>
      {isBehind(view) && (
        <p className="warn-note" role="status" data-testid="asr-behind">
          ⚠ {t('call.behind', { seconds: (h.behindMs / 1000).toFixed(1) })}
          {h.justMerged && ` ${t('call.merged', { count: h.merged })}`}
        </p>
      )}
      {h.alert && (
        <p className="warn-note" role="alert" data-testid="asr-health">
          ⚠ {t('call.asrHealth', { unheard: h.unheard, turns: h.turns, percent: Math.round((h.unheard / h.turns) * 100) })}
        </p>
      )}
    </>
  );
}

/**
 * Lines to say next (keys 1-3); while the customer speaks again they stay readable but are marked stale, or are
 * replaced by lines prepared from their words so far (marked so until their turn ends).
 */
function Suggestions() {
  const { t } = useTranslation();
  const [view, model] = useCall();
  const stale = view.suggestionsAre === 'stale';
  return (
    <>
      <h3>{t('call.next')}</h3>
      {stale && (
        <p className="muted small stale-note" role="status" data-testid="suggestions-stale">
          {t('call.stale')}
        </p>
      )}
      {view.suggestionsAre === 'prepared' && (
        <p className="muted small prepared-note" role="status" data-testid="suggestions-prepared">
          {t('call.prepared')}
        </p>
      )}
      <ol className={`suggestions ${view.suggestionsAre}`} aria-busy={stale}>
        {view.suggestions.map((s) => (
          <li key={s.rank} className={view.used === s.rank ? 'used' : ''} data-rank={s.rank} data-rule={s.rule}>
            <button type="button" onClick={() => void model.use(s.rank)} aria-keyshortcuts={String(s.rank)}>
              <kbd>{s.rank}</kbd> {s.text}
            </button>
          </li>
        ))}
      </ol>
    </>
  );
}

/** The assist side of the call screen: turn, suggestions, objection card, compliance alerts and the script checklist. */
export function CallAssist() {
  const { t } = useTranslation();
  const [view] = useCall();
  return (
    <aside className="card assist" aria-label={t('call.next')}>
      <TurnInfo />
      {view.compliance?.optOut && <p className="alert">{t('call.optOut')}</p>}
      {view.compliance?.askIfBot && <p className="alert">{t('call.askIfBot')}</p>}
      <Suggestions />
      {view.card && (
        <div className="objection" data-testid="objection-card">
          <h3>{view.card.title}</h3>
          <ul>
            {view.card.tips.map((tip) => (
              <li key={tip}>{tip}</li>
            ))}
          </ul>
        </div>
      )}
      {view.checklist.length > 0 && (
        <section className="checklist-box" aria-labelledby="checklist-title">
          <h3 id="checklist-title">{t('call.checklist')}</h3>
          <ul className="checklist">
            {view.checklist.map((item) => (
              <li key={item.id} className={item.done ? 'done' : ''}>
                {item.done ? '✔' : '○'} {item.label}
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}

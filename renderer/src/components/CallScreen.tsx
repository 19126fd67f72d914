import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_VERSION, type CallSource } from '../../../preload/contract.ts';
import { unwrap } from '../service.ts';
import { useCall } from '../call/useCall.ts';
import { useLabels } from '../labels.ts';
import { ConsentDialog } from './ConsentDialog.tsx';
import { CallDefaults } from './fields.tsx';

/** The live call: controls, the two-sided transcript, and what to say next. Keys 1-3 mark the line used. */
export function CallScreen() {
  const { t, i18n } = useTranslation();
  const [view, model] = useCall();
  const labels = useLabels();
  const [plugin, setPlugin] = useState('insurance');
  const [language, setLanguage] = useState<'en' | 'zh-CN'>(i18n.language === 'zh-CN' ? 'zh-CN' : 'en');
  const [source, setSource] = useState<CallSource>('sample');
  const [askConsent, setAskConsent] = useState(false);
  const live = view.status === 'live';

  const start = async () => {
    const consent = await unwrap(window.callcue.consent.status());
    if (!consent.given) setAskConsent(true);
    else void model.start(plugin, language, source);
  };

  // The global hotkey (Ctrl/Cmd+Shift+Enter, registered by the desktop app) starts or ends the call from anywhere.
  useEffect(() => window.callcue.on('app.command', ({ command }) => command === 'toggleCall' && void (model.view.status === 'live' ? model.stop() : start())));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement).closest('input, select, textarea')) return;
      if (['1', '2', '3'].includes(e.key)) void model.use(Number(e.key));
      if (e.key === 'Enter' && e.ctrlKey) void (live ? model.stop() : start());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <section className="call" aria-label={t('call.title')}>
      <div className="card call-controls">
        <CallDefaults plugin={plugin} language={language} disabled={live} onPlugin={setPlugin} onLanguage={setLanguage} />
        <label>
          {t('call.source.label')}
          <select value={source} onChange={(e) => setSource(e.target.value as CallSource)} disabled={live} data-testid="call-source">
            <option value="sample">{t('call.source.sample')}</option>
            <option value="devices">{t('call.source.devices')}</option>
          </select>
        </label>
        {live || view.status === 'ending' ? (
          <button type="button" className="danger" onClick={() => void model.stop()} disabled={view.status === 'ending'} title={t('call.shortcut')}>
            {t('call.end')}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void start()} disabled={view.status === 'starting'} title={t('call.shortcut')}>
            {view.status === 'starting' ? t('call.starting') : t('call.start')}
          </button>
        )}
        <span className="muted small" data-testid="call-status">
          {live ? t('call.live', { asr: view.asr }) : view.outcome ? t('call.ended', { outcome: labels.outcome(view.outcome) }) : t('call.idle')}
        </span>
      </div>
      {view.error && (
        <p className="error" role="alert">
          {view.error}
        </p>
      )}
      <div className="call-body">
        <div className="card transcript" aria-label={t('call.transcript')} aria-live="polite">
          <div className="lanes-head">
            <span>{t('call.rep')}</span>
            <span>{t('call.customer')}</span>
          </div>
          {view.lines.length === 0 && <p className="muted">{t('call.waiting')}</p>}
          {view.lines.map((line) => (
            <p key={line.id} className={`line ${line.channel}${line.partial ? ' partial' : ''}`} data-channel={line.channel}>
              {line.text}
            </p>
          ))}
        </div>
        <aside className="card assist" aria-label={t('call.next')}>
          {view.state && (
            <p className="state">
              <span className="chip state-chip" data-testid="call-state">
                {labels.stage(view.state)}
              </span>{' '}
              <span className="muted">{view.goal}</span>
            </p>
          )}
          {view.intent && (
            <p>
              <span className="chip intent" data-testid="intent">
                {view.intent.name} · {Math.round(view.intent.confidence * 100)}%
              </span>
              {view.latencyMs !== undefined && <span className="muted small"> {t('call.latency', { ms: view.latencyMs })}</span>}
            </p>
          )}
          {view.compliance?.optOut && <p className="alert">{t('call.optOut')}</p>}
          {view.compliance?.askIfBot && <p className="alert">{t('call.askIfBot')}</p>}
          <h3>{t('call.next')}</h3>
          <ol className="suggestions">
            {view.suggestions.map((s) => (
              <li key={s.rank} className={view.used === s.rank ? 'used' : ''} data-rank={s.rank} title={`${s.source}: ${s.rule}`}>
                <button type="button" onClick={() => void model.use(s.rank)} aria-keyshortcuts={String(s.rank)}>
                  <kbd>{s.rank}</kbd> {s.text}
                </button>
              </li>
            ))}
          </ol>
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
            <>
              <h3>{t('call.checklist')}</h3>
              <ul className="checklist">
                {view.checklist.map((item) => (
                  <li key={item.id} className={item.done ? 'done' : ''}>
                    {item.done ? '✔' : '○'} {item.label}
                  </li>
                ))}
              </ul>
            </>
          )}
        </aside>
      </div>
      {askConsent && (
        <ConsentDialog
          onCancel={() => setAskConsent(false)}
          onAgree={async () => {
            await unwrap(window.callcue.consent.give({ version: CONSENT_VERSION }));
            setAskConsent(false);
            void model.start(plugin, language, source);
          }}
        />
      )}
    </section>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_VERSION, type CallSource } from '../../../preload/contract.ts';
import { unwrap } from '../service.ts';
import { useCall } from '../call/useCall.ts';
import { inCall, lastCustomerLine } from '../call/view.ts';
import { useLabels } from '../labels.ts';
import { CallAssist } from './CallAssist.tsx';
import { ConsentDialog } from './ConsentDialog.tsx';
import { HandoffCards } from './HandoffCard.tsx';
import { CallDefaults } from './fields.tsx';

/** What the status line says in each state of the call. */
function CallStatusLine() {
  const { t } = useTranslation();
  const [view] = useCall();
  const labels = useLabels();
  const text = {
    idle: () => t('call.idle'),
    starting: () => t('call.starting'),
    live: () => t('call.live', { asr: view.asr }),
    ending: () => t('call.ending'),
    ended: () => t('call.ended', { outcome: labels.outcome(view.outcome ?? 'completed') }),
  }[view.status];
  return (
    <span className="muted small" data-testid="call-status" data-state={view.status}>
      {text()}
    </span>
  );
}

/** The two-sided transcript (full window only). */
function Transcript() {
  const { t } = useTranslation();
  const [view] = useCall();
  return (
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
  );
}

/** Compact mode's one line of transcript: what the customer said last, which the suggestions answer. */
function LastCustomerLine() {
  const { t } = useTranslation();
  const [view] = useCall();
  const line = lastCustomerLine(view);
  if (!line) return null;
  return (
    <p className={`last-customer${line.partial ? ' partial' : ''}`} aria-label={t('call.lastCustomer')} data-testid="last-customer">
      {line.text}
    </p>
  );
}

/** The live call: controls, the two-sided transcript, and what to say next. Keys 1-3 mark the line used. */
export function CallScreen() {
  const { t, i18n } = useTranslation();
  const [view, model] = useCall();
  const [plugin, setPlugin] = useState('insurance');
  const [language, setLanguage] = useState<'en' | 'zh-CN'>(i18n.language === 'zh-CN' ? 'zh-CN' : 'en');
  const [source, setSource] = useState<CallSource>('sample');
  const [askConsent, setAskConsent] = useState(false);
  // End stays on screen for as long as main has the call, "Ending…" included.
  const hasCall = inCall(view);

  const start = async () => {
    const consent = await unwrap(window.callcue.consent.status());
    if (!consent.given) setAskConsent(true);
    else void model.start(plugin, language, source);
  };

  // The global hotkey (Ctrl/Cmd+Shift+Enter, registered by the desktop app) starts or ends the call from anywhere.
  useEffect(() => window.callcue.on('app.command', ({ command }) => command === 'toggleCall' && void (inCall(model.view) ? model.stop() : start())));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Keys typed into a field or a dialog are theirs.
      if ((e.target as HTMLElement).closest('input, select, textarea, [role="dialog"]')) return;
      if (['1', '2', '3'].includes(e.key)) void model.use(Number(e.key));
      if (e.key === 'Enter' && e.ctrlKey) void (inCall(model.view) ? model.stop() : start());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <section className="call" aria-label={t('call.title')}>
      <HandoffCards />
      <div className="card call-controls">
        <CallDefaults plugin={plugin} language={language} disabled={hasCall} onPlugin={setPlugin} onLanguage={setLanguage} />
        <label>
          {t('call.source.label')}
          <select value={source} onChange={(e) => setSource(e.target.value as CallSource)} disabled={hasCall} data-testid="call-source">
            <option value="sample">{t('call.source.sample')}</option>
            <option value="devices">{t('call.source.devices')}</option>
          </select>
        </label>
        {hasCall ? (
          <button type="button" className="danger" onClick={() => void model.stop()} disabled={view.status === 'ending'} title={t('call.shortcut')}>
            {view.status === 'ending' ? t('call.ending') : t('call.end')}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void start()} disabled={view.status === 'starting'} title={t('call.shortcut')}>
            {view.status === 'starting' ? t('call.starting') : t('call.start')}
          </button>
        )}
        <CallStatusLine />
      </div>
      {view.error && (
        <p className="error" role="alert">
          {view.error}
        </p>
      )}
      <div className="call-body">
        <Transcript />
        <LastCustomerLine />
        <CallAssist />
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

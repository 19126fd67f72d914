import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelProgress, Settings } from '../../../preload/contract.ts';
import { unwrap } from '../service.ts';
import { useRequest } from '../useRequest.ts';
import { CallDefaults, DeviceSelect } from './fields.tsx';

/** Devices, speech model (with download), call defaults, end-of-turn silence, GPU, retention; the data folder is shown. */
export function SettingsPanel() {
  const { t } = useTranslation();
  const [info, reload] = useRequest(() => window.callcue.settings.get());
  // Unsaved edits; until the first one, the stored settings are shown.
  const [edits, setEdits] = useState<Settings>();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [progress, setProgress] = useState<Record<string, ModelProgress>>({});

  useEffect(
    () =>
      window.callcue.on('models.progress', (p) => {
        setProgress((all) => ({ ...all, [p.name]: p }));
        if (p.state === 'done') reload();
      }),
    [reload],
  );

  if (!info.value) return <div className="progress" role="progressbar" aria-label={t('settings.loading')} />;
  const draft = edits ?? info.value.settings;
  const set = (patch: Partial<Settings>) => setEdits({ ...draft, ...patch });
  const save = async () => {
    try {
      setEdits(await unwrap(window.callcue.settings.set(draft)));
      setMessage({ ok: true, text: t('settings.saved') });
    } catch (error) {
      setMessage({ ok: false, text: (error as Error).message });
    }
  };

  return (
    <section className="card settings" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settings.title')}</h2>
      <fieldset>
        <legend>{t('settings.audio')}</legend>
        <DeviceSelect label={t('settings.mic')} systemLabel={t('settings.systemDefault')} value={draft.micDevice} devices={info.value.inputs} onChange={(micDevice) => set({ micDevice })} />
        <DeviceSelect
          label={t('settings.loopback')}
          systemLabel={t('settings.systemLoopback')}
          value={draft.loopbackDevice}
          devices={[{ deviceId: 'page:system', label: t('settings.pcSound') }, ...info.value.inputs]}
          onChange={(loopbackDevice) => set({ loopbackDevice })}
        />
      </fieldset>
      <fieldset>
        <legend>{t('settings.speech')}</legend>
        <table className="checks models">
          <tbody>
            {info.value.models.map((m) => {
              const p = progress[m.name];
              return (
                <tr key={m.name} data-model={m.name}>
                  <td>
                    <label>
                      <input type="radio" name="model" checked={draft.model === m.name} disabled={!m.installed} onChange={() => set({ model: m.name })} /> {m.name}
                    </label>
                  </td>
                  <td className="muted">{t('settings.size', { mb: m.mb })}</td>
                  <td>
                    {m.installed ? (
                      <span className="status ok">✔ {m.sha256 ? t('settings.verified', { sha: m.sha256.slice(0, 10) }) : t('settings.installed')}</span>
                    ) : p?.state === 'downloading' ? (
                      <progress max={p.total || 1} value={p.received} aria-label={t('settings.downloading', { name: m.name })} />
                    ) : (
                      <button type="button" onClick={() => void window.callcue.models.download({ name: m.name as 'tiny' | 'base' | 'small' })}>
                        {t('settings.download')}
                      </button>
                    )}
                    {p?.state === 'failed' && <div className="error small">{p.message}</div>}
                  </td>
                  <td className="muted small">{m.note}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <label className="inline">
          <input type="checkbox" checked={draft.gpu} onChange={(e) => set({ gpu: e.target.checked })} /> {t('settings.gpu')}
        </label>
        <label>
          {t('settings.endOfTurn')}
          <input type="number" min={300} max={2000} step={50} value={draft.endOfTurnMs} onChange={(e) => set({ endOfTurnMs: Number(e.target.value) })} />
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('settings.calls')}</legend>
        <CallDefaults plugin={draft.plugin} language={draft.callLanguage} onPlugin={(plugin) => set({ plugin })} onLanguage={(callLanguage) => set({ callLanguage })} />
      </fieldset>
      <fieldset>
        <legend>{t('settings.data')}</legend>
        <label>
          {t('settings.retention')}
          <input type="number" min={1} max={3650} value={draft.retentionDays} onChange={(e) => set({ retentionDays: Number(e.target.value) })} />
        </label>
        <p className="muted small">
          {t('settings.dataDir')} <code>{info.value.dataDir}</code>
        </p>
      </fieldset>
      <div className="actions">
        {message && (
          <span className={message.ok ? 'status ok' : 'error'} role="status">
            {message.text}
          </span>
        )}
        <button type="button" className="primary" onClick={() => void save()}>
          {t('settings.save')}
        </button>
      </div>
    </section>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelProgress, Settings } from '../../../preload/contract.ts';
import { errorFor, useErrorText } from '../errors.ts';
import { unwrap } from '../service.ts';
import { useRequest } from '../useRequest.ts';
import { CallDefaults, DeviceSelect, Field } from './fields.tsx';
import { TeamSettings } from './TeamSettings.tsx';

/** Devices, speech model (with download), call defaults, end-of-turn silence, GPU, retention, the team; the data folder is shown. */
export function SettingsPanel() {
  const { t } = useTranslation();
  const [info, reload] = useRequest(() => window.callcue.settings.get());
  // Unsaved edits; until the first one, the stored settings are shown.
  const [edits, setEdits] = useState<Settings>();
  const [saved, setSaved] = useState<{ ok: true } | { ok: false; error: Error }>();
  const say = useErrorText();
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
  const set = (patch: Partial<Settings>) => {
    setEdits({ ...draft, ...patch });
    setSaved(undefined);
  };
  const save = async () => {
    try {
      setEdits(await unwrap(window.callcue.settings.set(draft)));
      setSaved({ ok: true });
    } catch (error) {
      setSaved({ ok: false, error: error as Error });
    }
  };
  const failed = saved?.ok === false ? saved.error : undefined;
  // An error about one field goes next to it; only the others stay by the Save button.
  const fieldError = (field: keyof Settings) => errorFor(failed, field);
  const byField = (['endOfTurnMs', 'retentionDays'] as const).some((f) => fieldError(f));
  // With no model chosen, calls use the default one: show which, so "default" never reads as "none".
  const model = draft.model ?? info.value.modelInUse;

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
                      <input type="radio" name="model" checked={model === m.name} disabled={!m.installed} onChange={() => set({ model: m.name })} /> {m.name}
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
                  <td className="muted small">{t(`settings.modelNote.${m.name as 'tiny' | 'base' | 'small'}`, { defaultValue: m.note })}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className={model ? 'muted small' : 'status warn small'} data-testid="model-in-use">
          {model ? t('settings.inUse', { model }) : t('settings.noneInUse')}
        </p>
        <Field label={t('settings.zhRecogniser')}>
          {(aria) => (
            <select value={draft.zhRecogniser} onChange={(e) => set({ zhRecogniser: e.target.value as Settings['zhRecogniser'] })} {...aria}>
              <option value="sensevoice">{t('settings.zhRecogniserSenseVoice')}</option>
              <option value="whisper">{t('settings.zhRecogniserWhisper')}</option>
            </select>
          )}
        </Field>
        <label className="inline">
          <input type="checkbox" checked={draft.gpu} onChange={(e) => set({ gpu: e.target.checked })} /> {t('settings.gpu')}
        </label>
        <Field label={t('settings.endOfTurn')} error={fieldError('endOfTurnMs')}>
          {(aria) => <input type="number" min={300} max={2000} step={50} value={draft.endOfTurnMs} onChange={(e) => set({ endOfTurnMs: Number(e.target.value) })} {...aria} />}
        </Field>
      </fieldset>
      <fieldset>
        <legend>{t('settings.calls')}</legend>
        <CallDefaults plugin={draft.plugin} language={draft.callLanguage} onPlugin={(plugin) => set({ plugin })} onLanguage={(callLanguage) => set({ callLanguage })} />
        {(['en', 'zh-CN'] as const).map((language) => (
          <Field key={language} label={t(language === 'en' ? 'settings.botVoiceEn' : 'settings.botVoiceZh')}>
            {(aria) => (
              <select value={draft.botVoice[language]} onChange={(e) => set({ botVoice: { ...draft.botVoice, [language]: e.target.value as Settings['botVoice']['en'] } })} {...aria}>
                <option value="neural">{t('settings.botVoiceNeural')}</option>
                <option value="system">{t('settings.botVoiceSystem')}</option>
              </select>
            )}
          </Field>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('settings.data')}</legend>
        <Field label={t('settings.retention')} error={fieldError('retentionDays')}>
          {(aria) => <input type="number" min={1} max={3650} value={draft.retentionDays} onChange={(e) => set({ retentionDays: Number(e.target.value) })} {...aria} />}
        </Field>
        <p className="muted small">
          {t('settings.dataDir')} <code>{info.value.dataDir}</code>
        </p>
      </fieldset>
      <div className="actions">
        {saved?.ok && (
          <span className="status ok" role="status">
            {t('settings.saved')}
          </span>
        )}
        {failed && !byField && (
          <span className="error" role="alert">
            {say(failed)}
          </span>
        )}
        <button type="button" className="primary" onClick={() => void save()}>
          {t('settings.save')}
        </button>
      </div>
      {/* Joined on its own button: Save above is for the settings, not the team. */}
      <TeamSettings />
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import { useRequest } from '../useRequest.ts';

type Language = 'en' | 'zh-CN';

/** An audio input chooser; the empty choice is the system's own device (named by `systemLabel`). */
export function DeviceSelect({ label, systemLabel, value, devices, onChange }: { label: string; systemLabel: string; value: string | null; devices: { deviceId: string; label: string }[]; onChange: (deviceId: string | null) => void }) {
  return (
    <label>
      {label}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">{systemLabel}</option>
        {devices.map((d) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The business line (plugin) and the language of the call. */
export function CallDefaults({ plugin, language, disabled, onPlugin, onLanguage }: { plugin: string; language: Language; disabled?: boolean; onPlugin: (id: string) => void; onLanguage: (l: Language) => void }) {
  const { t, i18n } = useTranslation();
  const [plugins] = useRequest(() => window.callcue.plugins.list());
  return (
    <>
      <label>
        {t('call.plugin')}
        <select value={plugin} onChange={(e) => onPlugin(e.target.value)} disabled={disabled}>
          {(plugins.value ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.title[i18n.language === 'zh-CN' ? 'zh-CN' : 'en']}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('call.language')}
        <select value={language} onChange={(e) => onLanguage(e.target.value as Language)} disabled={disabled}>
          <option value="en">{t('app.languageName.en')}</option>
          <option value="zh-CN">{t('app.languageName.zh-CN')}</option>
        </select>
      </label>
    </>
  );
}

/** Reads a file the user picked (lead lists and do-not-call lists are small text files). */
export function FilePick({ label, accept, disabled, onText }: { label: string; accept: string; disabled?: boolean; onText: (text: string) => void }) {
  return (
    <label className={`file-pick${disabled ? ' disabled' : ''}`}>
      {label}
      <input type="file" accept={accept} disabled={disabled} onChange={(e) => void e.target.files?.[0]?.text().then(onText).finally(() => (e.target.value = ''))} />
    </label>
  );
}

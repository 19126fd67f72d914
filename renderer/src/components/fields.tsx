import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../errors.ts';
import { useLabels } from '../labels.ts';
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
  const labels = useLabels();
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
          <option value="en">{labels.language('en')}</option>
          <option value="zh-CN">{labels.language('zh-CN')}</option>
        </select>
      </label>
    </>
  );
}

/** A file's bytes as base64 (the browser's own encoder: 5 MB in a few ms). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    // An empty file reads as a bare "data:" (no comma): it must become empty base64, for main to say the file is empty.
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,?/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * Reads a file the user picked: as UTF-8 text (`onText`), or as bytes in base64 (`onBase64`) where main must see the
 * encoding itself (lead lists: UTF-16 and Latin-1 files would be garbled by a UTF-8 read here).
 */
export function FilePick({ label, accept, disabled, onText, onBase64 }: { label: string; accept: string; disabled?: boolean; onText?: (text: string) => void; onBase64?: (base64: string) => void }) {
  const read = (file: File) => (onBase64 ? base64Of(file).then(onBase64) : file.text().then(onText));
  return (
    <label className={`file-pick${disabled ? ' disabled' : ''}`}>
      {label}
      <input type="file" accept={accept} disabled={disabled} onChange={(e) => void (e.target.files?.[0] && read(e.target.files[0]).finally(() => (e.target.value = '')))} />
    </label>
  );
}

/** What is wrong with one field, in the page's language, right under it; `id` ties it to the input (aria-describedby). */
export function FieldError({ id, error }: { id: string; error?: Error }) {
  const say = useErrorText();
  if (!error) return null;
  return (
    <span className="error small field-error" role="alert" id={id} data-testid="field-error">
      {say(error)}
    </span>
  );
}

/** A labelled input with its own error under it (a keyed error from main about this field). */
export function Field({ label, error, children }: { label: string; error?: Error; children: (aria: { 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label>
        {label}
        {children({ 'aria-invalid': !!error, 'aria-describedby': error ? id : undefined })}
      </label>
      <FieldError id={id} error={error} />
    </div>
  );
}

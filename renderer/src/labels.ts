import { useTranslation } from 'react-i18next';
import { useRequest } from './useRequest.ts';

/** Labels for values that come from main (call outcomes, playbook stages): translated when known, shown as they are otherwise. */
export function useLabels() {
  const { t, i18n } = useTranslation();
  const label = (key: string, value: string) => (i18n.exists(key) ? String(t(key as never)) : value);
  return {
    outcome: (value: string) => label(`call.outcome.${value}`, value),
    stage: (value: string) => label(`call.stage.${value}`, value),
    intent: (value: string) => label(`reports.intent.${value}`, value),
    mode: (value: string) => label(`reports.mode.${value}`, value),
    /** A call's language (`en`, `zh-CN`) named in the UI language: 英语, not English. */
    language: (value: string) => label(`reports.language.${value}`, value),
  };
}

/** A business line's title in the UI language (its id until the list has loaded, or for a line no longer installed). */
export function usePluginTitle(): (id: string) => string {
  const { i18n } = useTranslation();
  const [plugins] = useRequest(() => window.callcue.plugins.list());
  const lang = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  return (id) => plugins.value?.find((p) => p.id === id)?.title[lang] ?? id;
}

/** A moment as a date and time in the UI language. */
export const dateTime = (ms: number, language: string) => new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);

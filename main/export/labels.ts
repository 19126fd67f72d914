import type { TFunction } from 'i18next';
import { createTranslator } from '../base/translate.ts';
import type { Language } from '../../locales/index.ts';

export type LabelKind = 'intent' | 'stage' | 'plugin' | 'outcome' | 'mode';

/** Human words for a report, in its language: UI strings plus business-line titles; unknown values are shown as they are. */
export interface ReportLabels {
  language: Language;
  t: TFunction;
  label(kind: LabelKind, value: string): string;
  percent(x: number): string;
  duration(ms: number): string;
}

const keys: Record<LabelKind, string> = { intent: 'reports.intent', stage: 'call.stage', plugin: '', outcome: 'call.outcome', mode: 'reports.mode' };

export function reportLabels(language: string, pluginTitles: Map<string, Record<string, string>>): ReportLabels {
  const { t, language: lang } = createTranslator(language);
  const exists = (key: string) => t(key as never) !== key;
  return {
    language: lang,
    t,
    label: (kind, value) => {
      if (kind === 'plugin') return pluginTitles.get(value)?.[lang] ?? value;
      const key = `${keys[kind]}.${value}`;
      return exists(key) ? String(t(key as never)) : value;
    },
    percent: (x) => `${Math.round(x * 1000) / 10}%`,
    duration: (ms) => {
      const s = Math.round(ms / 1000);
      return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    },
  };
}

import i18next, { type TFunction } from 'i18next';
import { pickLanguage, resources, type Language } from '../../locales/index.ts';
import type { Message } from '../../preload/contract.ts';

export type Translate = (message: Message) => string;

/** A translator for headless output (CLI), from the same locale files as the UI. */
export function createTranslator(locale: string | undefined): { language: Language; t: TFunction; render: Translate } {
  const language = pickLanguage(locale);
  const instance = i18next.createInstance();
  void instance.init({ lng: language, fallbackLng: 'en', resources, initAsync: false, interpolation: { escapeValue: false } });
  const t = instance.t.bind(instance) as TFunction;
  // Message keys come from the services at run time; test/i18n.test.ts proves each one exists.
  const lookup = instance.t.bind(instance) as unknown as (key: string, vars: Record<string, string>) => string;
  return { language, t, render: (m) => lookup(m.key, m.vars ?? {}) };
}

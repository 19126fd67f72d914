import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { languages, pickLanguage, resources, type Language } from '../../locales/index.ts';

const STORAGE_KEY = 'callcue.language';

/** The rep's own choice wins; otherwise the OS locale (Electron reports it as navigator.language). */
export function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return languages.includes(saved as Language) ? (saved as Language) : pickLanguage(navigator.language);
}

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  void i18next.changeLanguage(language);
}

export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({ lng: initialLanguage(), fallbackLng: 'en', resources, initAsync: false, interpolation: { escapeValue: false } });
  const syncDocument = (lng: string) => {
    document.documentElement.lang = lng;
    document.title = i18next.t('app.title');
  };
  syncDocument(i18next.language);
  i18next.on('languageChanged', syncDocument);
  return i18next;
}

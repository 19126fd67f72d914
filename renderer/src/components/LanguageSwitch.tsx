import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { languages, type Language } from '../../../locales/index.ts';
import { setLanguage } from '../i18n.ts';

/** EN / 中文 toggle; Ctrl+Shift+L switches from anywhere. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = i18n.language as Language;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        setLanguage(current === 'en' ? 'zh-CN' : 'en');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [current]);

  return (
    <div className="language-switch" role="group" aria-label={t('app.language')} title={t('app.switchLanguage')}>
      {languages.map((lng) => (
        <button key={lng} type="button" data-lang={lng} aria-pressed={lng === current} onClick={() => setLanguage(lng)}>
          {t(`app.languageName.${lng}`)}
        </button>
      ))}
    </div>
  );
}

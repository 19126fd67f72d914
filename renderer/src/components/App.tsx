import { useTranslation } from 'react-i18next';
import { useRequest } from '../useRequest.ts';
import { DoctorPanel } from './DoctorPanel.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

export function App() {
  const { t } = useTranslation();
  const [info] = useRequest(() => window.callcue.app.info());
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ◉
          </span>
          <h1>{t('app.title')}</h1>
          <span className="muted">{t('app.tagline')}</span>
        </div>
        <LanguageSwitch />
      </header>
      <main>
        <DoctorPanel />
      </main>
      <footer className="muted small" data-testid="app-version">
        {info.value && t('app.version', { version: info.value.version, platform: info.value.platform, runtime: info.value.runtime })}
      </footer>
    </div>
  );
}

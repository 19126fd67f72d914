import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../useRequest.ts';
import { CallScreen } from './CallScreen.tsx';
import { CampaignPanel } from './CampaignPanel.tsx';
import { DashboardPanel } from './DashboardPanel.tsx';
import { DoctorPanel } from './DoctorPanel.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { SettingsPanel } from './SettingsPanel.tsx';
import { TeamStatusBar } from './TeamStatusBar.tsx';

const tabs = ['call', 'history', 'dashboard', 'campaign', 'settings', 'system'] as const;

export function App() {
  const { t } = useTranslation();
  const [info] = useRequest(() => window.callcue.app.info());
  const [tab, setTab] = useState<(typeof tabs)[number]>('call');
  const [compact, setCompact] = useState(false);
  const toggleCompact = () => {
    const on = !compact;
    setCompact(on);
    if (on) setTab('call');
    // In the desktop app the window also shrinks and stays on top; a browser only changes the layout.
    void window.callcue.app.compact({ on });
  };
  return (
    <div className={`app${compact ? ' compact' : ''}`}>
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ◉
          </span>
          <h1>{t('app.title')}</h1>
          <span className="muted">{t('app.tagline')}</span>
        </div>
        <nav className="tabs" role="tablist">
          {tabs.map((name) => (
            <button key={name} type="button" role="tab" aria-selected={tab === name} onClick={() => setTab(name)}>
              {t(`app.tab.${name}`)}
            </button>
          ))}
        </nav>
        <div className="topbar-actions">
          <button type="button" onClick={toggleCompact} aria-pressed={compact} title={t('app.compactTitle')}>
            {compact ? t('app.expand') : t('app.compact')}
          </button>
          <LanguageSwitch />
        </div>
      </header>
      <main>
        {/* The call stays mounted while the rep looks elsewhere: it is live. */}
        <div hidden={tab !== 'call'}>
          <CallScreen />
        </div>
        {tab === 'history' && <HistoryPanel />}
        {tab === 'dashboard' && <DashboardPanel />}
        {tab === 'campaign' && <CampaignPanel />}
        {tab === 'settings' && <SettingsPanel />}
        {tab === 'system' && <DoctorPanel />}
      </main>
      <footer className="muted small">
        <span data-testid="app-version">{info.value && t('app.version', { version: info.value.version, platform: info.value.platform, runtime: info.value.runtime })}</span>
        <TeamStatusBar />
      </footer>
    </div>
  );
}

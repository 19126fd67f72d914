import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App.tsx';
import { initI18n } from './i18n.ts';
import './styles.css';

// In Electron the preload script provides window.callcue; in a plain browser the dev bridge carries the same contract.
if (!(window as Partial<Window>).callcue) {
  const { connectWebBridge } = await import('./bridge/web.ts');
  window.callcue = connectWebBridge();
}
initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

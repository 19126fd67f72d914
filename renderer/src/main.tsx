import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CallModel } from './call/model.ts';
import { CallContext } from './call/useCall.ts';
import { App } from './components/App.tsx';
import { initI18n } from './i18n.ts';
import './styles.css';

// In Electron the preload script provides window.callcue; in a plain browser the dev bridge carries the same contract.
if (!(window as Partial<Window>).callcue) {
  const { connectWebBridge } = await import('./bridge/web.ts');
  window.callcue = connectWebBridge();
}
initI18n();
const call = new CallModel();
// Subscribed: events main queued before the page was ready are delivered now; then the page follows a running call.
void window.callcue.app.ready().then(() => call.attach());
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CallContext value={call}>
      <App />
    </CallContext>
  </StrictMode>,
);

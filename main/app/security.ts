import { app, session, type WebContents } from 'electron';
import { mayCapture } from '../ipc/capture-permission.ts';

/**
 * Electron's security checklist, applied to every web contents the app creates: no navigation away from the app,
 * no new windows, no webviews, and no permission but sound capture for the app's own page (mayCapture).
 */
export function hardenApp(rendererUrl: string): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => callback(mayCapture(permission, details as { requestingUrl?: string; mediaTypes?: string[] }, rendererUrl)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => mayCapture(permission, { requestingUrl: details.requestingUrl ?? requestingOrigin, mediaTypes: details.mediaType ? [details.mediaType] : undefined }, rendererUrl));
}

import { BrowserWindow } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the renderer is loaded from: the Vite dev server under `npm start`, the packaged file otherwise. */
export function rendererUrl(buildDir: string): string {
  return MAIN_WINDOW_VITE_DEV_SERVER_URL ?? pathToFileURL(path.join(buildDir, '..', 'renderer', MAIN_WINDOW_VITE_NAME, 'index.html')).href;
}

export function createMainWindow(options: { buildDir: string; url: string }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 420,
    minHeight: 320,
    title: 'CallCue',
    show: false,
    webPreferences: {
      preload: path.join(options.buildDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url);
  return window;
}

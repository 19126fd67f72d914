/** Electron entry: builds the core with Electron's paths and wires windows and IPC to it. Nothing else lives here. */
import { app, BrowserWindow, globalShortcut, ipcMain, safeStorage } from 'electron';
import path from 'node:path';
import { createCore } from '../core/index.ts';
import { sealedKeyStore } from '../store/index.ts';
import { createRouter } from '../ipc/router.ts';
import { probeAudioInUtilityProcess } from './audio-probe.ts';
import { utilityAsrWorker } from './asr-process.ts';
import { registerIpc } from './ipc.ts';
import { chooseExportFile, printWithElectron } from './reports.ts';
import { hardenApp } from './security.ts';
import { enableLoopbackFeatures, grantLoopbackToAppPage } from './loopback.ts';
import { isTrustedRendererUrl } from '../ipc/sender.ts';
import { createMainWindow, rendererUrl } from './window.ts';

// The bundle is CommonJS (.vite/build/main.cjs); preload.cjs and probe-devices.cjs sit beside it.
const buildDir = __dirname;

if (process.env.CALLCUE_DATA_DIR) app.setPath('userData', path.resolve(process.env.CALLCUE_DATA_DIR));
if (!app.requestSingleInstanceLock()) app.quit();
app.enableSandbox();
enableLoopbackFeatures();

void app.whenReady().then(() => {
  const url = rendererUrl(buildDir);
  hardenApp(url);
  const dataDir = app.getPath('userData');
  const core = createCore({
    paths: {
      dataDir,
      modelsDir: app.isPackaged ? path.join(dataDir, 'models') : path.join(app.getAppPath(), 'models'),
      appRoot: app.getAppPath(),
      resourcesDir: app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(app.getAppPath(), 'resources'),
    },
    info: { name: 'CallCue', version: app.getVersion(), platform: `${process.platform}-${process.arch}`, osLocale: app.getLocale(), runtime: 'electron' },
    probeAudio: () => probeAudioInUtilityProcess(path.join(buildDir, 'probe-devices.cjs')),
    // The database key is sealed by the OS keychain (DPAPI, Keychain, libsecret).
    keys: sealedKeyStore(dataDir, { encrypt: (plain) => safeStorage.encryptString(plain), decrypt: (sealed) => safeStorage.decryptString(sealed) }),
    // Built beside main.cjs by Forge (see forge.config.ts).
    spawnWhisper: utilityAsrWorker(path.join(buildDir, 'whisper-worker.cjs'), 'CallCue speech recognition (Whisper)'),
    spawnSenseVoice: utilityAsrWorker(path.join(buildDir, 'sensevoice-worker.cjs'), 'CallCue speech recognition (SenseVoice)'),
    storeWorker: path.join(buildDir, 'store-worker.cjs'),
    xlsxWorker: path.join(buildDir, 'xlsx-worker.cjs'),
    voiceWorker: path.join(buildDir, 'voice-worker.cjs'),
    printPdf: printWithElectron,
    chooseExportFile,
    teamLink: true,
    window: {
      setCompact: (on) => {
        const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
        window?.setAlwaysOnTop(on, 'floating');
        window?.setSize(on ? 440 : 1100, on ? 640 : 760);
        return { alwaysOnTop: window?.isAlwaysOnTop() ?? false };
      },
    },
  });
  // Start or end the call from anywhere, the softphone included.
  globalShortcut.register('CommandOrControl+Shift+Enter', () => core.hub.publish('app.command', { command: 'toggleCall' }));
  app.on('will-quit', () => globalShortcut.unregisterAll());
  app.on('before-quit', () => void core.close());
  const windows = new Set<number>();
  grantLoopbackToAppPage((frame) => isTrustedRendererUrl(frame.url, url));
  registerIpc(ipcMain, createRouter(core.handlers, (channel, error) => core.log.error(channel, error)), {
    rendererUrl: url,
    isAppWindow: (contents) => windows.has(contents.id),
  });
  const open = () => {
    const window = createMainWindow({ buildDir, url });
    const id = window.webContents.id;
    windows.add(id);
    window.on('closed', () => {
      windows.delete(id);
      core.hub.detach(`window-${id}`);
    });
  };
  open();
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && open());
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
});

app.on('window-all-closed', () => process.platform !== 'darwin' && app.quit());

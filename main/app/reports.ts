import { app, BrowserWindow, dialog } from 'electron';
import path from 'node:path';

/** The PDF report printed by Electron's own Chromium: a hidden window with no script and no network, then printToPDF. */
export async function printWithElectron(html: string): Promise<Buffer> {
  const window = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, javascript: false, partition: 'callcue-report' } });
  try {
    window.webContents.session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:') }));
    await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`);
    return await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    window.destroy();
  }
}

const filters: Record<string, Electron.FileFilter> = {
  csv: { name: 'CSV', extensions: ['csv'] },
  xlsx: { name: 'Excel', extensions: ['xlsx'] },
  pdf: { name: 'PDF', extensions: ['pdf'] },
  json: { name: 'JSON', extensions: ['json'] },
};

/** Where an export goes: the manager chooses in the system's save dialog (Documents by default); null when cancelled. */
export async function chooseExportFile(suggestedName: string): Promise<string | null> {
  const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options = { defaultPath: path.join(app.getPath('documents'), suggestedName), filters: [filters[path.extname(suggestedName).slice(1)]!] };
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

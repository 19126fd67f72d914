import { app, BrowserWindow, dialog } from 'electron';
import { freeExportName, type ChooseExportFile } from '../export/index.ts';

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

/**
 * Where an export goes: the manager chooses in the system's save dialog, which suggests a new name in Documents and asks
 * before replacing a file (Windows and macOS always do; Linux's needs showOverwriteConfirmation). Null when cancelled.
 */
export const chooseExportFile: ChooseExportFile = async (format) => {
  const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options: Electron.SaveDialogOptions = { defaultPath: freeExportName(app.getPath('documents'), format), filters: [filters[format]!], properties: ['showOverwriteConfirmation'] };
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  // The dialog asked about an existing file, so the export may replace it.
  return result.canceled || !result.filePath ? null : { file: result.filePath, replace: true };
};

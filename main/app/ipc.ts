import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channels } from '../../preload/contract.ts';
import type { Dispatch } from '../ipc/router.ts';
import { isTrustedRendererUrl } from '../ipc/sender.ts';

/** Every contract channel goes through the router, after checking the message comes from the app's own window and page. */
export function registerIpc(ipcMain: IpcMain, dispatch: Dispatch, options: { rendererUrl: string; isAppWindow: (contents: IpcMainInvokeEvent['sender']) => boolean }): void {
  for (const channel of channels) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      if (!options.isAppWindow(event.sender) || !isTrustedRendererUrl(event.senderFrame?.url, options.rendererUrl)) {
        return { ok: false, error: { code: 'forbidden', message: 'IPC refused: the sender is not a CallCue window.' } };
      }
      const sender = event.sender;
      return dispatch(channel, payload, {
        id: `window-${sender.id}`,
        send: (name, body) => !sender.isDestroyed() && sender.send(name, body),
      });
    });
  }
}

/** Exposes the contract's named methods as window.callcue; the renderer never sees ipcRenderer. */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi, type Envelope } from './contract.ts';

contextBridge.exposeInMainWorld(
  'callcue',
  buildApi(
    (channel, request) => ipcRenderer.invoke(channel, request) as Promise<Envelope<unknown>>,
    (event, listener) => {
      const handler = (_e: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(event, handler);
      return () => void ipcRenderer.off(event, handler);
    },
  ),
);

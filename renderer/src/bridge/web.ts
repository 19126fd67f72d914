import { buildApi, type CallcueApi, type Envelope } from '../../../preload/contract.ts';

/**
 * `window.callcue` for plain Chromium: the same contract, carried over the dev bridge's WebSocket
 * to the real services. Loaded only when no Electron preload provided the API.
 */
export function connectWebBridge(url = `ws://${location.host}/bridge`): CallcueApi {
  const socket = new WebSocket(url);
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const opened = new Promise<void>((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
  let nextId = 1;
  let closed = false;

  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id: number; envelope: Envelope<unknown> } | { event: string; payload: unknown };
    if ('event' in message) {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
      return;
    }
    pending.get(message.id)?.(message.envelope);
    pending.delete(message.id);
  });
  socket.addEventListener('close', () => {
    closed = true;
    for (const settle of pending.values()) settle({ ok: false, error: { code: 'disconnected', message: 'Lost connection to the CallCue service.' } });
    pending.clear();
  });

  return buildApi(
    async (channel, payload) => {
      await opened;
      if (closed) return { ok: false, error: { code: 'disconnected', message: 'Lost connection to the CallCue service.' } };
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, channel, payload }));
      });
    },
    (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set.add(listener));
      return () => void set.delete(listener);
    },
  );
}

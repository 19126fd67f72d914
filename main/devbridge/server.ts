import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type { Dispatch } from '../ipc/router.ts';
import { MAX_IMPORT_CHARS } from '../../preload/contract.ts';

/** A message may carry the largest import the contract allows: 3 bytes a character in UTF-8, plus its envelope. */
const MAX_MESSAGE_BYTES = MAX_IMPORT_CHARS * 3 + 2 ** 16;

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface DevBridge {
  url: string;
  close(): Promise<void>;
}

/** The bridge's wire format: `{id, channel, payload}` in, `{id, envelope}` out. */
export interface BridgeRequest {
  id: number;
  channel: string;
  payload: unknown;
}

/**
 * Serves the built renderer and answers the IPC contract over a WebSocket, so the real UI runs in plain Chromium
 * against the real services. Loopback only; like Electron's sender check, only pages it served may connect.
 */
export async function startDevBridge(options: { dispatch: Dispatch; staticDir: string; port?: number; host?: string; onClose?: (originId: string) => void }): Promise<DevBridge> {
  const root = path.resolve(options.staticDir);
  await fs.access(path.join(root, 'index.html')).catch(() => {
    throw new Error(`No built renderer in ${root}: run npm run build:web first.`);
  });
  const server = http.createServer((req, res) => void serveFile(root, req, res));
  // A malformed request line or header from any page: answered 400 by Node, never an unhandled error.
  server.on('clientError', (_error, socket) => socket.destroy());
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port ?? 0, host, resolve));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;

  const wss = new WebSocketServer({ server, path: '/bridge', maxPayload: MAX_MESSAGE_BYTES, verifyClient: ({ origin }: { origin?: string }) => origin === url });
  wss.on('error', () => undefined); // the HTTP server's errors; each socket's own are handled below
  let pages = 0;
  wss.on('connection', (socket) => {
    // Each page is an origin: events for it travel on its socket.
    const origin = { id: `page-${++pages}`, send: (event: string, payload: unknown) => socket.readyState === socket.OPEN && socket.send(JSON.stringify({ event, payload })) };
    const reply = (id: unknown, envelope: unknown) => socket.readyState === socket.OPEN && socket.send(JSON.stringify({ id: typeof id === 'number' ? id : null, envelope }));
    socket.on('close', () => options.onClose?.(origin.id));
    // Too large, invalid UTF-8, a broken frame: ws closes that socket with the right code (1009, 1007, 1002); the
    // bridge and every other page go on.
    socket.on('error', () => undefined);
    socket.on('message', async (data) => {
      let request: unknown;
      try {
        request = JSON.parse(String(data));
      } catch {
        reply(null, { ok: false, error: { code: 'invalid_message', message: 'Bridge message is not JSON.' } });
        return;
      }
      if (typeof request !== 'object' || request === null || Array.isArray(request)) {
        reply(null, { ok: false, error: { code: 'invalid_message', message: 'Bridge message must be an object {id, channel, payload}.' } });
        return;
      }
      const { id, channel, payload } = request as Partial<BridgeRequest>;
      reply(id, await options.dispatch(channel, payload, origin));
    });
  });

  return {
    url,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => server.close(() => resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Never rejects: a malformed path (bad percent-escape, `//`) is a 400, a missing file a 404. */
async function serveFile(root: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let file: string;
  try {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    file = path.join(root, pathname === '/' ? 'index.html' : pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (req.method !== 'GET' || !file.startsWith(root + path.sep)) {
    res.writeHead(404).end();
    return;
  }
  try {
    const body = await fs.readFile(file);
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}

import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type { Dispatch } from '../ipc/router.ts';

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
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port ?? 0, host, resolve));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;

  const wss = new WebSocketServer({ server, path: '/bridge', maxPayload: 1 << 20, verifyClient: ({ origin }: { origin?: string }) => origin === url });
  let pages = 0;
  wss.on('connection', (socket) => {
    // Each page is an origin: events for it travel on its socket.
    const origin = { id: `page-${++pages}`, send: (event: string, payload: unknown) => socket.readyState === socket.OPEN && socket.send(JSON.stringify({ event, payload })) };
    socket.on('close', () => options.onClose?.(origin.id));
    socket.on('message', async (data) => {
      let request: Partial<BridgeRequest>;
      try {
        request = JSON.parse(String(data)) as Partial<BridgeRequest>;
      } catch {
        socket.send(JSON.stringify({ id: null, envelope: { ok: false, error: { code: 'invalid_message', message: 'Bridge message is not JSON.' } } }));
        return;
      }
      const envelope = await options.dispatch(request.channel, request.payload, origin);
      socket.send(JSON.stringify({ id: request.id ?? null, envelope }));
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

async function serveFile(root: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
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

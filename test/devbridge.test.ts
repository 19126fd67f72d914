import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHeadlessCore } from '../main/core/headless.ts';
import { createRouter } from '../main/ipc/router.ts';
import { startDevBridge, type DevBridge } from '../main/devbridge/server.ts';
import { tempDir } from './helpers/tmp.ts';

let bridge: DevBridge;
let staticDir: string;

beforeAll(async () => {
  staticDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'callcue-web-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  bridge = await startDevBridge({ dispatch: createRouter(createHeadlessCore().handlers), staticDir });
});
afterAll(async () => {
  await bridge.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

function connect(origin = bridge.url): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${bridge.url.replace('http', 'ws')}/bridge`, { origin });
    ws.once('open', () => resolve(ws)).once('error', reject);
  });
}

function ask(ws: WebSocket, raw: string): Promise<{ id: number | null; envelope: { ok: boolean; error?: { code: string } } }> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))));
    ws.send(raw);
  });
}

describe('dev bridge', () => {
  it('answers the contract over a WebSocket from its own page', async () => {
    const ws = await connect();
    expect(await ask(ws, JSON.stringify({ id: 7, channel: 'app.info', payload: {} }))).toMatchObject({ id: 7, envelope: { ok: true } });
    ws.close();
  });

  it('answers malformed messages with errors and stays up', async () => {
    const ws = await connect();
    expect((await ask(ws, '{not json')).envelope.error?.code).toBe('invalid_message');
    expect((await ask(ws, JSON.stringify({ id: 1, channel: 'doctor.run', payload: { checks: 5 } }))).envelope.error?.code).toBe('invalid_payload');
    expect((await ask(ws, JSON.stringify({ id: 2 }))).envelope.error?.code).toBe('unknown_channel');
    expect((await ask(ws, JSON.stringify({ id: 3, channel: 'app.info', payload: {} }))).envelope.ok).toBe(true);
    ws.close();
  });

  it('answers a page that sends null, an array, a 2 MiB lead list, invalid UTF-8 or an oversized message, and keeps serving', { timeout: 30_000 }, async () => {
    const ws = await connect();
    expect((await ask(ws, 'null')).envelope.error?.code).toBe('invalid_message');
    expect((await ask(ws, '[1,2]')).envelope.error?.code).toBe('invalid_message');
    // Over the old 1 MiB frame limit, inside the contract's 5 MiB import: answered, not dropped.
    const csv = 'name,phone\n' + 'Lead,+8613800000000\n'.repeat(110_000);
    expect((await ask(ws, JSON.stringify({ id: 4, channel: 'campaign.importLeads', payload: { csv } }))).id).toBe(4);
    const closed = (socket: WebSocket) => new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const bad = await connect();
    const badClosed = closed(bad);
    bad.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await badClosed).toBe(1007);
    const huge = await connect();
    const hugeClosed = closed(huge);
    huge.send('x'.repeat(16 * 2 ** 20 + 2 ** 17));
    expect(await hugeClosed).toBe(1009);
    expect((await ask(ws, JSON.stringify({ id: 5, channel: 'app.info', payload: {} }))).envelope.ok).toBe(true);
    ws.close();
  });

  it('answers malformed HTTP paths with 400 and keeps serving', async () => {
    expect((await fetch(`${bridge.url}/%E0%A4%A`)).status).toBe(400);
    const raw = (line: string) =>
      new Promise<string>((resolve) => {
        const socket = net.connect(Number(new URL(bridge.url).port), '127.0.0.1', () => socket.write(`${line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
        let answer = '';
        socket.on('data', (d) => (answer += d.toString()));
        socket.on('close', () => resolve(answer));
      });
    expect(await raw('GET // HTTP/1.1')).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw('GET /%zz HTTP/1.1')).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(`${bridge.url}/`)).status).toBe(200);
  });

  it('refuses pages from another origin', async () => {
    await expect(connect('http://evil.example')).rejects.toThrow(/401|403|Unexpected server response/);
  });

  it('serves only files inside its folder', async () => {
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    expect((await fetch(`${bridge.url}/`)).status).toBe(200);
    expect((await fetch(`${bridge.url}/..%2F..%2F${path.basename(outside)}%2Fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${bridge.url}/missing.js`)).status).toBe(404);
  });
});

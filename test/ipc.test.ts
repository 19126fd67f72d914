import { describe, expect, it } from 'vitest';
import { createHeadlessCore } from '../main/core/headless.ts';
import { CallcueError } from '../main/base/errors.ts';
import { createRouter, type Handlers } from '../main/ipc/router.ts';
import { mayCapture } from '../main/ipc/capture-permission.ts';
import { isTrustedRendererUrl } from '../main/ipc/sender.ts';
import { buildApi, channels, contract } from '../preload/contract.ts';

const core = createHeadlessCore();
const dispatch = createRouter(core.handlers);

describe('IPC router', () => {
  it('answers a valid request with the real service', async () => {
    const envelope = await dispatch('app.info', {});
    expect(envelope).toMatchObject({ ok: true, value: { name: 'CallCue', runtime: 'node' } });
    expect(contract['app.info'].response.safeParse(envelope.ok && envelope.value).success).toBe(true);
  });

  it.each([
    ['a string', 'doctor.run', 'not an object'],
    ['a wrong field type', 'doctor.run', { checks: 'node' }],
    ['an unknown check', 'doctor.run', { checks: ['rm -rf'] }],
    ['an extra field', 'app.info', { admin: true }],
    ['an array', 'app.info', [1, 2]],
    ['a prototype-pollution attempt', 'doctor.run', JSON.parse('{"__proto__":{"polluted":1}}')],
    ['too many concurrent calls', 'campaign.start', { line: 'virtual', concurrency: 50, maxAttempts: 3, until: null }],
    ['a line that is neither virtual nor SIP', 'campaign.start', { line: 'tel:123', concurrency: 1, maxAttempts: 3, until: null }],
    ['a stop time that is no time', 'campaign.start', { line: 'virtual', concurrency: 1, maxAttempts: 3, until: '25:00' }],
    ['a do-not-call number that is not E.164', 'dnc.add', { phone: '0138 0000' }],
  ])('rejects %s with a clear invalid_payload error', async (_what, channel, payload) => {
    const envelope = await dispatch(channel, payload);
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('invalid_payload');
    expect(envelope.error.message).toContain(channel);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([undefined, 42, '__proto__', 'constructor', 'doctor', 'doctor.run.x'])('rejects unknown channel %s', async (channel) => {
    expect(await dispatch(channel, {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('turns handler failures into envelopes that keep only code and message', async () => {
    const errors: unknown[] = [];
    const failing = createRouter(
      {
        ...core.handlers,
        'app.info': () => {
          throw new CallcueError('no_model', 'No Whisper model.', { retryable: false });
        },
        'doctor.run': async () => {
          throw new TypeError('boom');
        },
      } satisfies Handlers,
      (_channel, error) => errors.push(error),
    );
    expect(await failing('app.info', {})).toEqual({ ok: false, error: { code: 'no_model', message: 'No Whisper model.' } });
    expect(await failing('doctor.run', {})).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
    expect(errors).toHaveLength(2);
  });

  it('builds one named method per channel', async () => {
    const seen: string[] = [];
    const api = buildApi(
      async (channel, request) => {
        seen.push(`${channel}:${JSON.stringify(request)}`);
        return { ok: true, value: null };
      },
      () => () => {},
    );
    await api.app.info();
    await api.doctor.run({ checks: ['node'] });
    expect(seen).toEqual(['app.info:{}', 'doctor.run:{"checks":["node"]}']);
    expect(channels.every((c) => typeof (api as unknown as Record<string, Record<string, unknown>>)[c.split('.')[0]!]![c.split('.')[1]!] === 'function')).toBe(true);
  });
});

describe('IPC sender check', () => {
  const fileApp = 'file:///opt/CallCue/resources/app.asar/.vite/renderer/main_window/index.html';
  it('accepts only the app page itself', () => {
    expect(isTrustedRendererUrl(fileApp, fileApp)).toBe(true);
    expect(isTrustedRendererUrl('file:///tmp/evil.html', fileApp)).toBe(false);
    expect(isTrustedRendererUrl('https://example.com/', fileApp)).toBe(false);
    expect(isTrustedRendererUrl(undefined, fileApp)).toBe(false);
    expect(isTrustedRendererUrl('not a url', fileApp)).toBe(false);
  });
  it('accepts the dev server origin in development only', () => {
    expect(isTrustedRendererUrl('http://localhost:5173/index.html', 'http://localhost:5173')).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isTrustedRendererUrl('http://evil.localhost:5173/', 'http://localhost:5173')).toBe(false);
  });
});

describe('permissions the desktop app grants', () => {
  const app = 'file:///opt/CallCue/resources/app.asar/.vite/renderer/main_window/index.html';
  it('sound capture for a call, asked by the app page: nothing else, and nobody else', () => {
    expect(mayCapture('display-capture', { requestingUrl: app }, app)).toBe(true);
    expect(mayCapture('media', { requestingUrl: app, mediaTypes: ['audio'] }, app)).toBe(true);
    expect(mayCapture('media', { requestingUrl: app, mediaTypes: ['audio', 'video'] }, app)).toBe(false);
    expect(mayCapture('media', { requestingUrl: app, mediaTypes: [] }, app)).toBe(false);
    for (const permission of ['notifications', 'geolocation', 'clipboard-read', 'openExternal']) expect(mayCapture(permission, { requestingUrl: app }, app)).toBe(false);
    expect(mayCapture('display-capture', { requestingUrl: 'https://example.com/' }, app)).toBe(false);
    expect(mayCapture('media', { mediaTypes: ['audio'] }, app)).toBe(false);
  });
});

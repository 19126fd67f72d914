import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadSenseVoice, inChina, mirrorsFor, senseVoice } from '../../main/asr/models/catalog.ts';
import { senseVoiceFixture } from '../../main/asr/models/sensevoice-fixture.ts';
import { SenseVoiceEngine } from '../../main/asr/sensevoice-engine.ts';
import { sha256File } from '../../main/base/hash.ts';
import { callcueAsync } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * Loopback mirrors in front of a generated SenseVoice model (the real one is on hubs only): `/missing` answers 404,
 * `/cut` breaks its first transfer of each file halfway and honours Range after, `/wrong` serves other bytes, `/good`
 * serves the files whole. REFUSED refuses connections.
 */
/** A port that was just free: connections to it are refused (fetch will not even try well-known ports such as 9). */
let REFUSED: string;
let server: http.Server;
let base: string;
const requests: { mirror: string; file: string; range: string }[] = [];
let files: Record<string, Buffer>;
let model: { dir: string; repo: string; files: { name: string; sha256: string }[] };

beforeAll(async () => {
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  REFUSED = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((r) => closed.close(r));
  const fixture = senseVoiceFixture('micro');
  files = Object.fromEntries(['model.int8.onnx', 'tokens.txt'].map((f) => [f, fs.readFileSync(path.join(fixture, f))]));
  model = { dir: 'sensevoice-test', repo: 'sv-repo', files: await Promise.all(Object.keys(files).map(async (name) => ({ name, sha256: await sha256File(path.join(fixture, name)) }))) };
  server = http.createServer((req, res) => {
    const [, mirror = '', , file = ''] = req.url!.split('/');
    requests.push({ mirror, file, range: req.headers.range ?? 'full' });
    const body = mirror === 'wrong' ? Buffer.from('not the model '.repeat(100)) : files[file];
    if (mirror === 'missing' || !body) return void res.writeHead(404).end();
    const start = Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1] ?? 0);
    const headers: Record<string, string> = { 'Content-Length': String(body.length - start) };
    if (start) headers['Content-Range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    res.writeHead(start ? 206 : 200, headers);
    if (mirror === 'cut' && requests.filter((r) => r.mirror === 'cut' && r.file === file).length === 1) {
      // The first half arrives before the connection breaks, so there is something to resume from.
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => res.destroy(), 100));
      return;
    }
    res.end(body.subarray(start));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe('model mirrors', () => {
  it('users in China get ModelScope first, others Hugging Face; the company mirror goes before both', () => {
    const hosts = (env: NodeJS.ProcessEnv, china: boolean) => mirrorsFor([{ name: 'Hugging Face', url: (f) => `https://huggingface.co/x/${f}` }, { name: 'ModelScope', url: (f) => `https://modelscope.cn/x/${f}`, china: true }], 'repo/model.onnx', 'model.onnx', env, china);
    expect(hosts({}, true).map((m) => m.name)).toEqual(['ModelScope', 'Hugging Face']);
    expect(hosts({}, false).map((m) => m.name)).toEqual(['Hugging Face', 'ModelScope']);
    expect(hosts({ CALLCUE_MODEL_BASE_URL: 'https://models.example.com/asr/' }, true)).toEqual([
      { name: 'company mirror', url: 'https://models.example.com/asr/repo/model.onnx' },
      { name: 'ModelScope', url: 'https://modelscope.cn/x/model.onnx' },
      { name: 'Hugging Face', url: 'https://huggingface.co/x/model.onnx' },
    ]);
    // A site that must not reach public hosts lists its own.
    expect(hosts({ CALLCUE_MODEL_MIRRORS: 'http://a.lan, http://b.lan' }, false).map((m) => m.url)).toEqual(['http://a.lan/repo/model.onnx', 'http://b.lan/repo/model.onnx']);
    expect(hosts({ CALLCUE_MODEL_MIRRORS: '' }, false)).toEqual([]);
  });

  it('the region comes from the locale or the time zone', () => {
    expect(inChina({ LANG: 'zh_CN.UTF-8' }, 'Europe/Berlin')).toBe(true);
    expect(inChina({ LANG: 'en_US.UTF-8' }, 'Asia/Shanghai')).toBe(true);
    expect(inChina({ LANG: 'en_GB.UTF-8' }, 'Europe/London')).toBe(false);
    expect(inChina({ LANG: 'zh_TW.UTF-8' }, 'Asia/Taipei')).toBe(false);
  });

  it('skips a refusing and a 404 mirror with one line each, resumes a broken transfer, verifies, and the model loads', { timeout: 30_000 }, async () => {
    requests.length = 0;
    const dir = tempDir();
    const lines: string[] = [];
    const env = { CALLCUE_MODEL_BASE_URL: REFUSED, CALLCUE_MODEL_MIRRORS: `${base}/missing,${base}/cut` };
    const done = await downloadSenseVoice(dir, { env, model, retries: 1, onMirrorFailed: (l) => lines.push(l) });
    expect(done.files.map((f) => f.mirror)).toEqual(['site mirror 2', 'site mirror 2']);
    expect(lines).toEqual([
      expect.stringMatching(/^company mirror \(127\.0\.0\.1:\d+\): could not reach 127\.0\.0\.1:\d+ to download model\.int8\.onnx \(ECONNREFUSED\); trying site mirror 1$/),
      expect.stringMatching(/^site mirror 1 \(127\.0\.0\.1:\d+\): downloading http:\S+\/missing\/sv-repo\/model\.int8\.onnx failed: HTTP 404; trying site mirror 2$/),
      expect.stringMatching(/^company mirror .*tokens\.txt/),
      expect.stringMatching(/^site mirror 1 .*HTTP 404/),
    ]);
    // Each file: the first transfer broke, the second asked for the rest.
    const cut = requests.filter((r) => r.mirror === 'cut');
    expect(cut.map((r) => r.range)).toEqual(['full', expect.stringMatching(/^bytes=\d+-$/), 'full', expect.stringMatching(/^bytes=\d+-$/)]);
    for (const name of Object.keys(files)) expect(fs.readFileSync(path.join(done.dir, name)).equals(files[name]!)).toBe(true);
    expect(fs.readdirSync(done.dir).sort()).toEqual(['model.int8.onnx', 'tokens.txt']);
    // What was installed is what sherpa-onnx loads.
    const engine = await SenseVoiceEngine.start({ dir: done.dir });
    expect((await engine.transcribe(new Float32Array(16000), { language: 'zh' })).ms).toBeGreaterThanOrEqual(0);
    await engine.close();
  });

  it('a mirror serving the wrong bytes is refused and the next one used', async () => {
    requests.length = 0;
    const lines: string[] = [];
    const done = await downloadSenseVoice(tempDir(), { env: { CALLCUE_MODEL_MIRRORS: `${base}/wrong,${base}/good` }, model, onMirrorFailed: (l) => lines.push(l) });
    expect(lines[0]).toMatch(/^site mirror 1 \(127\.0\.0\.1:\d+\): model\.int8\.onnx is corrupt: sha256 [0-9a-f]{64}, expected [0-9a-f]{64}; the download was deleted; trying site mirror 2$/);
    expect(done.files.map((f) => f.mirror)).toEqual(['site mirror 2', 'site mirror 2']);
  });

  it('callcue models download sensevoice: one line per failed mirror, then one naming them all; list shows it', async () => {
    const dir = tempDir();
    const env = { CALLCUE_MODELS_DIR: dir, CALLCUE_MODEL_BASE_URL: REFUSED, CALLCUE_MODEL_MIRRORS: `${base}/missing,${base}/wrong` };
    const { code, stderr } = await callcueAsync(['models', 'download', 'sensevoice'], env);
    expect(code).toBe(2);
    // Besides the progress bar (the wrong bytes did arrive): one line per mirror.
    expect(stderr).toMatch(/sensevoice model\.int8\.onnx \[[█░]+\] +\d+%/);
    const lines = stderr.trim().split('\n').filter((l) => !/\[[█░]+\]/.test(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^company mirror \(127\.0\.0\.1:\d+\): could not reach .*ECONNREFUSED/);
    expect(lines[1]).toMatch(/^site mirror 1 .*HTTP 404/);
    // The real pins: the loopback mirror's bytes are not the published model.
    expect(lines[2]).toMatch(/Could not download model\.int8\.onnx from any mirror \(tried company mirror \(127\.0\.0\.1:\d+\), site mirror 1 \(127\.0\.0\.1:\d+\), site mirror 2 \(127\.0\.0\.1:\d+\)\); the last said: model\.int8\.onnx is corrupt: .*expected c71f0ce0/);
    expect(fs.readdirSync(path.join(dir, senseVoice.dir))).toEqual([]);
    const list = await callcueAsync(['models', 'list'], { CALLCUE_MODELS_DIR: dir, CALLCUE_SENSEVOICE_MODEL: '' });
    expect(list.stdout).toMatch(/sensevoice\s+not installed\s+\(229 MB\)/);
    const installed = await callcueAsync(['models', 'list'], { CALLCUE_MODELS_DIR: dir, CALLCUE_SENSEVOICE_MODEL: senseVoiceFixture('micro') });
    expect(installed.stdout).toMatch(/sensevoice\s+installed\s+229 MB/);
  });
});

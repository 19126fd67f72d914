import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { fileKeyStore, MetadataStore, sanitizeEntities, sealedKeyStore } from '../../main/store/index.ts';
import { repoRoot } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

async function withStore<T>(dataDir: string, work: (store: MetadataStore) => Promise<T>): Promise<T> {
  const store = await MetadataStore.open({ dataDir, keys: fileKeyStore(dataDir) });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

describe('intent-metadata store', () => {
  it('records a call: consent, turns with intents, suggestions shown and used, outcome', async () => {
    const dir = tempDir();
    await withStore(dir, async (store) => {
      const consent = await store.call('recordConsent', { kind: 'rep_processing', version: '1', givenAt: 1000 });
      expect(await store.call('latestConsent', { kind: 'rep_processing' })).toMatchObject({ id: consent, version: '1' });
      await store.call('startCall', { id: 'call-1', startedAt: 10_000, mode: 'assist', plugin: 'insurance', language: 'en', repConsentId: consent });
      const turn = await store.call('recordTurn', { callId: 'call-1', channel: 'customer', startMs: 1200, endMs: 2900, intent: 'ask_price', confidence: 0.93, stateFrom: 'greeting', stateTo: 'needs', entities: sanitizeEntities([{ entity: 'product', value: 'health' }, { entity: 'age', value: 45 }]) });
      await store.call('recordSuggestions', { callId: 'call-1', turnId: turn, shownAt: 13_000, suggestions: [1, 2, 3].map((rank) => ({ rank, source: 'response', rule: 'responses.ask_price' })) });
      expect(await store.call('markSuggestionUsed', { callId: 'call-1', rank: 2, usedAt: 14_000 })).toBe(true);
      await store.call('endCall', { id: 'call-1', endedAt: 70_000, outcome: 'interested', finalState: 'closing' });
      const call = await store.call('getCall', { id: 'call-1' });
      expect(call).toMatchObject({ id: 'call-1', durationMs: 60_000, outcome: 'interested', finalState: 'closing', mode: 'assist' });
      expect(call!.turns).toEqual([expect.objectContaining({ intent: 'ask_price', entities: [{ entity: 'product', value: 'health' }, { entity: 'age' }] })]);
      expect(call!.suggestions.map((s) => s.usedAt)).toEqual([null, 14_000, null]);
      expect((await store.call('listCalls', { plugin: 'insurance' })).map((c) => c.id)).toEqual(['call-1']);
      expect(await store.call('listCalls', { plugin: 'appliances' })).toEqual([]);
      // What the page sends when it asks for no limit.
      expect((await store.call('listCalls', { limit: undefined, to: undefined, plugin: undefined })).map((c) => c.id)).toEqual(['call-1']);
    });
  });

  it('marks a suggestion of the latest set used, also when two sets were shown in the same millisecond', async () => {
    await withStore(tempDir(), async (store) => {
      await store.call('startCall', { id: 'c', startedAt: 1, mode: 'assist', plugin: 'insurance', language: 'en' });
      const set = (turnId: number) => ({ callId: 'c', turnId, shownAt: 5000, suggestions: [1, 2].map((rank) => ({ rank, source: 'card', rule: `cards.t${turnId}` })) });
      for (const turn of [1, 2]) await store.call('recordSuggestions', set(await store.call('recordTurn', { callId: 'c', channel: 'customer', startMs: turn * 1000, endMs: turn * 1000 + 500 })));
      expect(await store.call('markSuggestionUsed', { callId: 'c', rank: 2, usedAt: 6000 })).toBe(true);
      expect(await store.call('markSuggestionUsed', { callId: 'c', rank: 2, usedAt: 6001 })).toBe(false);
      expect((await store.call('getCall', { id: 'c' }))!.suggestions.map((s) => `${s.rule} ${s.rank} ${s.usedAt}`).sort()).toEqual(['cards.t1 1 null', 'cards.t1 2 null', 'cards.t2 1 null', 'cards.t2 2 6000']);
      expect(await store.call('markSuggestionUsed', { callId: 'none', rank: 1, usedAt: 1 })).toBe(false);
    });
  });

  it('binds values, never builds SQL from them', async () => {
    const dir = tempDir();
    await withStore(dir, async (store) => {
      const evil = "x'); DROP TABLE calls; --";
      await store.call('startCall', { id: evil, startedAt: 1, mode: 'auto', plugin: evil, language: 'en' });
      expect((await store.call('listCalls', { plugin: evil }))[0]?.id).toBe(evil);
      await expect(store.call('startCall', { id: 'x', startedAt: 1, mode: 'robot' as 'auto', plugin: 'p', language: 'en' })).rejects.toThrow(/CHECK constraint/);
      await expect(store.call('nope' as 'purge', { before: 0 })).rejects.toThrow(/Unknown store operation nope/);
    });
  });

  it('is encrypted at rest: no key, or another key, cannot open it', async () => {
    const dir = tempDir();
    await withStore(dir, async (store) => {
      await store.call('startCall', { id: 'secret-call', startedAt: 1, mode: 'assist', plugin: 'insurance', language: 'zh-CN' });
    });
    const raw = fs.readFileSync(path.join(dir, 'callcue.db'));
    expect(raw.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\u0000');
    expect(raw.includes('insurance')).toBe(false);
    expect(fs.statSync(path.join(dir, 'store.key')).mode & 0o777).toBe(0o600);
    expect(() => new Database(path.join(dir, 'callcue.db')).prepare('SELECT * FROM calls').all()).toThrow(/file is not a database/);
    fs.writeFileSync(path.join(dir, 'store.key'), 'ab'.repeat(32));
    await expect(MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) })).rejects.toThrow(/cannot be opened with this key/);
  });

  it('an empty or short key file gives one clear error and creates no database', async () => {
    for (const content of ['', 'abc', 'zz'.repeat(32)]) {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'store.key'), content);
      await expect(MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) })).rejects.toMatchObject({ code: 'store_key_invalid', message: expect.stringMatching(/store\.key (is empty|holds \d+ characters).*Restore it from a backup/) });
      expect(fs.existsSync(path.join(dir, 'callcue.db'))).toBe(false);
      expect(fs.readFileSync(path.join(dir, 'store.key'), 'utf8')).toBe(content);
    }
  });

  it('never makes a new key for an existing database, and writes a new key whole', async () => {
    const dir = tempDir();
    await withStore(dir, async (store) => void (await store.call('startCall', { id: 'kept', startedAt: 1, mode: 'assist', plugin: 'insurance', language: 'en' })));
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    const key = fs.readFileSync(path.join(dir, 'store.key'), 'utf8');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const database = fs.readFileSync(path.join(dir, 'callcue.db'));
    fs.rmSync(path.join(dir, 'store.key'));
    await expect(MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) })).rejects.toMatchObject({ code: 'store_key_missing' });
    expect(fs.existsSync(path.join(dir, 'store.key'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'callcue.db')).equals(database)).toBe(true);
    fs.writeFileSync(path.join(dir, 'store.key'), key);
    await withStore(dir, async (store) => expect(await store.call('getCall', { id: 'kept' })).toMatchObject({ id: 'kept' }));
  });

  it('the sealed key (OS keychain) is checked the same way', async () => {
    const dir = tempDir();
    const seal = { encrypt: (plain: string) => Buffer.from(plain).reverse(), decrypt: (sealed: Buffer) => Buffer.from(sealed).reverse().toString() };
    const store = await MetadataStore.open({ dataDir: dir, keys: sealedKeyStore(dir, seal) });
    await store.close();
    expect(seal.decrypt(fs.readFileSync(path.join(dir, 'store.key.sealed')))).toMatch(/^[0-9a-f]{64}$/);
    fs.writeFileSync(path.join(dir, 'store.key.sealed'), seal.encrypt(''));
    await expect(MetadataStore.open({ dataDir: dir, keys: sealedKeyStore(dir, seal) })).rejects.toMatchObject({ code: 'store_key_invalid' });
  });

  it('uses WAL and passes an integrity check', async () => {
    const dir = tempDir();
    await withStore(dir, async (store) => {
      expect(await store.call('integrityCheck', {})).toBe('ok');
    });
    expect(fs.existsSync(path.join(dir, 'callcue.db'))).toBe(true);
  });

  it('purges calls past the retention period, with their turns', async () => {
    const dir = tempDir();
    await withStore(dir, async (store) => {
      const day = 86_400_000;
      for (const [id, at] of [['old', 1 * day], ['new', 40 * day]] as const) {
        await store.call('startCall', { id, startedAt: at, mode: 'assist', plugin: 'insurance', language: 'en' });
        await store.call('recordTurn', { callId: id, channel: 'rep', startMs: 0, endMs: 10 });
      }
      expect(await store.call('purge', { before: 31 * day })).toBe(1);
      expect((await store.call('listCalls', {})).map((c) => c.id)).toEqual(['new']);
      expect(await store.call('getCall', { id: 'old' })).toBeNull();
    });
  });

  it('a second process on the same data folder leaves a live call alone; once that process is gone, the call is interrupted', async () => {
    const dir = tempDir();
    // A real CallCue process runs a call and stays alive until told to go.
    const script = `
      import { fileKeyStore, MetadataStore } from ${JSON.stringify(path.join(repoRoot, 'main/store/index.ts'))};
      const store = await MetadataStore.open({ dataDir: ${JSON.stringify(dir)}, keys: fileKeyStore(${JSON.stringify(dir)}) });
      await store.call('startCall', { id: 'live', startedAt: 1000, mode: 'assist', plugin: 'insurance', language: 'en' });
      console.log('on the call');
      setInterval(() => {}, 1000);`;
    const file = path.join(dir, 'caller.ts');
    fs.writeFileSync(file, script);
    const caller = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => caller.stdout.on('data', (d: Buffer) => d.toString().includes('on the call') && resolve()));
      await withStore(dir, async (store) => {
        expect(await store.call('markInterrupted', {})).toBe(0);
        expect(await store.call('getCall', { id: 'live' })).toMatchObject({ outcome: 'in_progress', endedAt: null });
      });
      caller.kill('SIGKILL');
      await new Promise((resolve) => caller.once('exit', resolve));
      await withStore(dir, async (store) => {
        expect(await store.call('markInterrupted', {})).toBe(1);
        expect(await store.call('getCall', { id: 'live' })).toMatchObject({ outcome: 'interrupted' });
      });
    } finally {
      caller.kill('SIGKILL');
    }
  });

  it('kill -9 during a call: on restart the call is kept as interrupted, nothing else is lost', async () => {
    const dir = tempDir();
    // A real process writes a finished call and a call in progress, then is killed with SIGKILL.
    const script = `
      import { fileKeyStore, MetadataStore } from ${JSON.stringify(path.join(repoRoot, 'main/store/index.ts'))};
      const store = await MetadataStore.open({ dataDir: ${JSON.stringify(dir)}, keys: fileKeyStore(${JSON.stringify(dir)}) });
      await store.call('startCall', { id: 'done', startedAt: 1000, mode: 'assist', plugin: 'insurance', language: 'en' });
      await store.call('endCall', { id: 'done', endedAt: 5000, outcome: 'sale' });
      await store.call('startCall', { id: 'live', startedAt: 6000, mode: 'assist', plugin: 'insurance', language: 'en' });
      for (let i = 0; i < 5; i++) await store.call('recordTurn', { callId: 'live', channel: 'customer', startMs: i * 1000, endMs: i * 1000 + 800, intent: 'affirm' });
      process.kill(process.pid, 'SIGKILL');`;
    const file = path.join(dir, 'writer.ts');
    fs.writeFileSync(file, script);
    const child = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 30_000 });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    await withStore(dir, async (store) => {
      expect(await store.call('integrityCheck', {})).toBe('ok');
      expect(await store.call('markInterrupted', {})).toBe(1);
      const live = await store.call('getCall', { id: 'live' });
      expect(live).toMatchObject({ outcome: 'interrupted', durationMs: 4800, endedAt: 10_800 });
      expect(live!.turns).toHaveLength(5);
      expect(await store.call('getCall', { id: 'done' })).toMatchObject({ outcome: 'sale' });
    });
  });
});

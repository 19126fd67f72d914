import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { addMember, formatTeamUrl, migrateTeam, TeamSync, type SyncState, type TeamClient, type TeamTarget } from '../../main/team/index.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/tmp.ts';

/** The outbox pushed to a real team store as a rep's login: in order, once, across a kill -9, and never lost offline. */
let server: TestTeamServer;
let ann: TeamTarget;
let asAnn: TeamClient;

beforeAll(async () => {
  server = await startTestTeamServer();
  const admin = await server.connect();
  await migrateTeam(admin);
  const { role, password } = await addMember(admin, { name: 'ann', manager: false });
  ann = { ...server.admin, user: role, password };
  asAnn = await server.connect(ann);
});

afterAll(async () => {
  await server?.stop();
});

const counts = async () => (await asAnn.query('SELECT (SELECT count(*)::int FROM callcue.calls) AS calls, (SELECT count(*)::int FROM callcue.turns) AS turns, (SELECT count(*)::int FROM callcue.suggestions) AS suggestions, (SELECT count(*)::int FROM callcue.dnc) AS dnc')).rows[0];

/** A call as the pipeline records it: start, two turns with suggestions, one used, the end. */
async function makeCall(store: MetadataStore, id: string, outcome = 'completed'): Promise<void> {
  await store.call('startCall', { id, startedAt: Date.now(), mode: 'assist', plugin: 'insurance', language: 'en' });
  for (const [i, intent] of ['greeting', 'price_objection'].entries()) {
    const turnId = await store.call('recordTurn', { callId: id, channel: 'customer', startMs: i * 2000, endMs: i * 2000 + 900, intent, confidence: 0.9, stateFrom: 'needs', stateTo: 'objection_handling' });
    // The same millisecond for both sets: only the latest set's suggestion is marked used (one used per call below).
    await store.call('recordSuggestions', { callId: id, turnId, shownAt: 1_700_000_000_000, suggestions: [{ rank: 1, source: 'card', rule: `cards.${intent}` }] });
  }
  await store.call('markSuggestionUsed', { callId: id, rank: 1, usedAt: Date.now() + 2 });
  await store.call('endCall', { id, endedAt: Date.now() + 5000, outcome, finalState: 'wrap_up' });
}

describe('team sync', () => {
  it('pushes history and new calls in order, each row once, and passes over a row the team store refuses', async () => {
    const data = tempDir();
    const store = await MetadataStore.open({ dataDir: data, keys: fileKeyStore(data) });
    await makeCall(store, 'before-joining');
    expect(await store.call('startOutbox', {})).toBe(5);
    await makeCall(store, 'c1');
    await store.call('addDoNotCall', { phones: ['+14155550100'], source: 'opt_out_speech', addedAt: Date.now() });
    // An outcome that is not a label (words, in effect) never reaches the team store.
    await makeCall(store, 'odd', 'the customer said no thanks');
    const sync = new TeamSync({ store, target: ann, batch: 100 });
    expect(await sync.drain()).toBeGreaterThan(0);
    expect(sync.rejected).toBe(5);
    expect(await counts()).toEqual({ calls: 2, turns: 4, suggestions: 4, dnc: 1 });
    expect((await asAnn.query("SELECT outcome, final_state, duration_ms >= 5000 AS long FROM callcue.calls WHERE local_id = 'c1'")).rows).toEqual([{ outcome: 'completed', final_state: 'wrap_up', long: true }]);
    expect((await asAnn.query("SELECT count(used_at)::int AS used FROM callcue.suggestions WHERE call_local_id = 'c1'")).rows).toEqual([{ used: 1 }]);
    expect(await store.call('outboxPending', {})).toEqual({ pending: 0, started: true });
    expect(await sync.drain()).toBe(0);
    await sync.close();
    await store.close();
  });

  it('a PC killed after the team store committed and before it noted so pushes again on restart without duplicates', async () => {
    const data = tempDir();
    let store = await MetadataStore.open({ dataDir: data, keys: fileKeyStore(data) });
    await store.call('startOutbox', {});
    await makeCall(store, 'k1');
    const { pending } = await store.call('outboxPending', {});
    await store.close();
    const before = await counts();
    const child = spawnSync(process.execPath, [path.join(import.meta.dirname, 'fixtures/push-and-die.ts'), data, formatTeamUrl(ann)], { encoding: 'utf8', timeout: 30_000 });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    const after = { calls: before.calls + 1, turns: before.turns + 2, suggestions: before.suggestions + 2, dnc: before.dnc };
    expect(await counts()).toEqual(after);
    store = await MetadataStore.open({ dataDir: data, keys: fileKeyStore(data) });
    expect((await store.call('outboxPending', {})).pending).toBe(pending);
    const sync = new TeamSync({ store, target: ann, batch: 3 });
    await sync.drain();
    expect(await counts()).toEqual(after);
    expect(await store.call('outboxPending', {})).toEqual({ pending: 0, started: true });
    await sync.close();
    await store.close();
  });

  it('with the server gone, calls still store locally, the worker backs off, and nothing is lost', async () => {
    const data = tempDir();
    const store = await MetadataStore.open({ dataDir: data, keys: fileKeyStore(data) });
    await store.call('startOutbox', {});
    await server.stop();
    server = undefined as never;
    await makeCall(store, 'offline-1');
    const sync = new TeamSync({ store, target: ann });
    await expect(sync.pushOnce()).rejects.toMatchObject({ code: 'team_unreachable', retryable: true });
    const states: SyncState[] = [];
    const stop = new AbortController();
    const running = sync.run(stop.signal, { onState: (s) => states.push(s) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop.abort();
    await running;
    expect(states.find((s) => s.state === 'offline')).toMatchObject({ error: { code: 'team_unreachable' }, retryInMs: expect.any(Number) });
    expect(await store.call('outboxPending', {})).toEqual({ pending: 7, started: true });
    expect(await store.call('listCalls', {})).toHaveLength(1);
    await store.close();
  });
});

import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { TeamSync, type TeamTarget } from '../../main/team/index.ts';
import { tempDir } from './tmp.ts';

/** A call with a customer turn per intent, a suggestion set after each, the first set's rank 1 used. */
export async function storeCall(store: MetadataStore, id: string, at: number, outcome: string, intents: string[]): Promise<void> {
  await store.call('startCall', { id, startedAt: at, mode: 'assist', plugin: 'insurance', language: 'en', phone: '+14155550100' });
  for (const [i, intent] of intents.entries()) {
    const turnId = await store.call('recordTurn', { callId: id, channel: 'customer', startMs: i * 3000, endMs: i * 3000 + 900, intent, confidence: 0.9 });
    await store.call('recordSuggestions', { callId: id, turnId, shownAt: at + i * 3000 + 1000, suggestions: [1, 2].map((rank) => ({ rank, source: 'card', rule: `cards.${intent}` })) });
    if (i === 0) await store.call('markSuggestionUsed', { callId: id, rank: 1, usedAt: at + 1500 });
  }
  await store.call('endCall', { id, endedAt: at + 60_000, outcome, finalState: 'closing' });
}

/** A rep's PC: its own store, its calls, pushed to the team store with its own login. */
export async function repPc(who: TeamTarget, calls: (store: MetadataStore) => Promise<void>): Promise<void> {
  const dir = tempDir();
  const store = await MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) });
  await store.call('startOutbox', {});
  await calls(store);
  const sync = new TeamSync({ store, target: who });
  await sync.drain();
  await sync.close();
  await store.close();
}

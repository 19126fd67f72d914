import { setTimeout as sleep } from 'node:timers/promises';
import type { TeamHandoff } from '../../preload/contract.ts';
import { connectionLost, keepListening, type TeamClient } from './client.ts';
import { handoffsForMe } from './handoffs.ts';
import type { TeamTarget } from './url.ts';

/**
 * The rep's side of a warm transfer: LISTEN callcue_handoff (migration 007), and on each announcement read the
 * handoffs addressed to this login's extension (row-level security shows no one else's) and hand each card to
 * `onHandoff` once. On (re)connect, cards from the last `withinSeconds` not seen yet are read too: a link that
 * dropped while a callee was being put through still shows the card. Reconnects with backoff, like the DNC feed.
 */
export class TeamHandoffFeed {
  readonly #o: { target: TeamTarget; onHandoff: (handoff: TeamHandoff) => void; withinSeconds: number; heartbeatMs: number };
  #lastId = 0;

  constructor(o: { target: TeamTarget; onHandoff: (handoff: TeamHandoff) => void; withinSeconds?: number; heartbeatMs?: number }) {
    this.#o = { ...o, withinSeconds: o.withinSeconds ?? 60, heartbeatMs: o.heartbeatMs ?? 30_000 };
  }

  run(signal: AbortSignal, options: { maxBackoffMs?: number } = {}): Promise<void> {
    return keepListening(this.#o.target, signal, (client, connected) => this.#listen(client, signal, connected), options);
  }

  async #listen(client: TeamClient, signal: AbortSignal, connected: () => void): Promise<void> {
    const lost = connectionLost(client);
    // Announcements are read one after another, so each card is handed on once and in order.
    let reading: Promise<unknown> = Promise.resolve();
    const read = () => (reading = reading.then(() => this.#read(client)));
    client.on('notification', (n) => n.channel === 'callcue_handoff' && void read().catch(() => client.end().catch(() => undefined)));
    await client.query('LISTEN callcue_handoff');
    // After LISTEN: a handoff committed from here on is either in this read or announced.
    await read();
    connected();
    while (!signal.aborted) {
      await Promise.race([sleep(this.#o.heartbeatMs, undefined, { signal }).catch(() => undefined), lost]);
      if (!signal.aborted) await Promise.race([read(), lost]);
    }
  }

  async #read(client: TeamClient): Promise<void> {
    for (const handoff of await handoffsForMe(client, { afterId: this.#lastId, withinSeconds: this.#o.withinSeconds })) {
      this.#lastId = Math.max(this.#lastId, handoff.id);
      this.#o.onHandoff(handoff);
    }
  }
}

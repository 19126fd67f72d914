import { setTimeout as sleep } from 'node:timers/promises';
import type { Clearance, LeadSource, SourceState } from '../campaign/lead-source.ts';
import type { Disposition } from '../campaign/rules.ts';
import { oneAtATime, retryDelay, type Queryable, type TeamClient } from './client.ts';
import type { CampaignState } from './campaigns.ts';
import { TeamLeases, type TeamLead } from './leases.ts';
import { handoffExtension, writeHandoff } from './handoffs.ts';
import type { HandoffContext } from '../../preload/contract.ts';

export interface TeamLeadSourceOptions {
  /** A fresh connection with this PC's own login; called again after the connection is lost. */
  connect: () => Promise<TeamClient>;
  campaignId: number;
  leaseSeconds?: number;
  /** How often the campaign's state is read (besides LISTEN) and lease_lead asked again while nothing is eligible. */
  pollMs?: number;
}

/**
 * A campaign shared by a team as the autopilot's lead source (main/campaign/lead-source.ts): leads leased from the
 * team store (leases.ts), cleared by begin_dial at the dial, the lease renewed while the call lasts, the outcome sent
 * with finish_attempt. The database decides eligibility and counts abandonment over every PC. The manager's pause,
 * resume and stop reach this PC by LISTEN callcue_campaign at commit, and by reading the state every pollMs in case
 * a notification was missed (a reconnect), as do the states lease_lead, renew and finish answer with.
 */
export class TeamLeadSource implements LeadSource<TeamLead> {
  readonly size = undefined;
  readonly sharedAbandonment = true;
  kinds: LeadSource['kinds'] = [];
  readonly #o: TeamLeadSourceOptions & { pollMs: number };
  #link: Promise<{ client: TeamClient; queries: Queryable; leases: TeamLeases }> | undefined;
  readonly #held = new Map<string, { stop(): void }>();
  readonly #listeners = new Set<(state: SourceState) => void>();
  /** The state last told to the campaign. */
  #told: CampaignState = 'idle';

  constructor(o: TeamLeadSourceOptions) {
    this.#o = { ...o, pollMs: o.pollMs ?? 1000 };
  }

  /** Connects and reads the campaign's business line and language (what the voice and the recogniser need). */
  async open(): Promise<this> {
    const { queries } = await this.#connection();
    const { rows } = await queries.query<{ plugin: string; language: 'en' | 'zh-CN' }>('SELECT plugin, language FROM callcue.campaigns WHERE id = $1', [this.#o.campaignId]);
    if (!rows[0]) throw new Error(`There is no campaign ${this.#o.campaignId} on this team store.`);
    this.kinds = [{ plugin: rows[0].plugin, language: rows[0].language, timeZone: 'UTC' }];
    return this;
  }

  async next(signal: AbortSignal): Promise<TeamLead | null> {
    for (let failures = 0; !signal.aborted; ) {
      let wait = this.#o.pollMs;
      try {
        const answer = await (await this.#connection()).leases.next();
        failures = 0;
        if (answer.status === 'leased') return answer.lead;
        if (answer.status === 'finished') return null;
        await this.#noticed(answer.status);
        if (answer.status === 'stopped') return null;
      } catch {
        // The team store went away: the connection is opened again, with backoff; the campaign stays as it is.
        this.#drop();
        wait = retryDelay(failures++, 30_000);
      }
      await sleep(wait, undefined, { signal }).catch(() => undefined);
    }
    return null;
  }

  async clear(lead: TeamLead): Promise<Clearance> {
    let answer;
    try {
      const { leases } = await this.#connection();
      answer = await leases.dial(lead);
      if (answer === 'dial') {
        this.#held.set(lead.attemptId, leases.hold(lead, { onState: (s) => void this.#noticed(s).catch(() => undefined) }));
        return { dial: true };
      }
    } catch {
      // Not dialled: the lease runs out undialled and the lead goes back uncounted.
      this.#drop();
      return { dial: false, reason: 'not_now' };
    }
    if (answer === 'do_not_call') return { dial: false, reason: 'do_not_call', detail: "the number is on the team's do-not-call list" };
    if (answer === 'finished') return { dial: false, reason: 'finished', detail: 'finished by another PC' };
    if (answer !== 'lease_lost') await this.#noticed(answer).catch(() => undefined);
    return { dial: false, reason: 'not_now' };
  }

  /** Tried three times; then the lease runs out and the attempt counts as lease_expired (the safe side). */
  async report(lead: TeamLead, outcome: { disposition: Disposition; abandoned: boolean; callId?: string }): Promise<void> {
    this.#held.get(lead.attemptId)?.stop();
    this.#held.delete(lead.attemptId);
    for (let failures = 0; failures < 3; failures++) {
      try {
        const { leases } = await this.#connection();
        const state = await leases.finish(lead, outcome.disposition, outcome);
        await this.#noticed(state).catch(() => undefined);
        return;
      } catch {
        this.#drop();
        await sleep(retryDelay(failures, 5000));
      }
    }
  }

  async optedOut(lead: TeamLead, source: 'opt_out_speech' | 'opt_out_dtmf'): Promise<void> {
    try {
      const { queries } = await this.#connection();
      await queries.query('INSERT INTO callcue.dnc (phone, source) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING', [lead.phone, source]);
    } catch {
      // The team store is away: the outbox carries the opt-out there when it is back.
    }
  }

  /** The handoff card for the rep being rung (handoffs.ts); a team store that is away means no card, not a held callee. */
  async handoff(lead: TeamLead, o: { to: string; context: HandoffContext }): Promise<void> {
    try {
      const { queries } = await this.#connection();
      await writeHandoff(queries, { toExtension: handoffExtension(o.to), campaignId: lead.campaignId, context: o.context });
    } catch {
      // No card: the rep answers a call without it, as with any transfer.
    }
  }

  async release(lead: TeamLead): Promise<void> {
    await (await this.#connection()).leases.release(lead).catch(() => this.#drop());
  }

  watch(on: (state: SourceState) => void): () => void {
    this.#listeners.add(on);
    const poll = setInterval(() => void this.#readState().catch(() => this.#drop()), this.#o.pollMs);
    return () => {
      clearInterval(poll);
      this.#listeners.delete(on);
    };
  }

  async close(): Promise<void> {
    for (const held of this.#held.values()) held.stop();
    const link = this.#link;
    this.#link = undefined;
    await link?.then(({ client }) => client.end()).catch(() => undefined);
  }

  /** The campaign's state and why, read now. */
  async #readState(): Promise<void> {
    const { queries } = await this.#connection();
    const { rows } = await queries.query<{ state: CampaignState; state_reason: string | null }>('SELECT state, state_reason FROM callcue.campaigns WHERE id = $1', [this.#o.campaignId]);
    if (rows[0]) this.#state(rows[0].state, rows[0].state_reason);
  }

  /** A state seen in an answer (lease, renew, finish, begin_dial): when it is news, the row says why. */
  async #noticed(state: string): Promise<void> {
    if (state !== this.#told && ['running', 'paused', 'stopped'].includes(state)) await this.#readState();
  }

  /** Tells the campaign of a change; 'idle' (not started yet) is nothing to tell: the workers just find no lead. */
  #state(state: CampaignState, reason?: string | null): void {
    if (state === this.#told || state === 'idle') return;
    this.#told = state;
    const s: SourceState = state === 'paused' ? { state, reason: reason === 'abandonment' ? 'abandonment' : 'manager' } : { state };
    for (const on of this.#listeners) on(s);
  }

  #connection(): Promise<{ client: TeamClient; queries: Queryable; leases: TeamLeases }> {
    this.#link ??= this.#o.connect().then(async (client) => {
      client.on('notification', (n) => {
        const note = JSON.parse(n.payload ?? '{}') as { id?: number; state?: CampaignState; reason?: string };
        if (note.id === this.#o.campaignId && note.state) this.#state(note.state, note.reason);
      });
      await client.query('LISTEN callcue_campaign');
      // The workers, their renewals and the state poll share this connection: one query at a time.
      const queries = oneAtATime(client);
      return { client, queries, leases: new TeamLeases({ client: queries, campaignId: this.#o.campaignId, leaseSeconds: this.#o.leaseSeconds }) };
    });
    this.#link.catch(() => (this.#link = undefined));
    return this.#link;
  }

  #drop(): void {
    const link = this.#link;
    this.#link = undefined;
    void link?.then(({ client }) => client.end()).catch(() => undefined);
  }
}

import type { HandoffContext } from '../../preload/contract.ts';
import type { MetadataStore } from '../store/index.ts';
import type { Lead } from './leads.ts';
import { dialDecision, type CampaignRules, type DialDecision, type Disposition } from './rules.ts';

/** A lead as a campaign dials it: a team's lead has no name (it stays in the manager's file). */
export type DialLead = Omit<Lead, 'name'>;

/**
 * Right before the dial: dial, skip with a reason (an event), or `not_now`: the lead was given back without a skip
 * (the team's campaign paused or stopped at that moment, or its lease was lost).
 */
export type Clearance = DialDecision | { dial: false; reason: 'not_now' };

/** The whole campaign's state as the source has it (a team's manager, the team's abandonment rule). */
export type SourceState = { state: 'running' } | { state: 'paused'; reason: 'abandonment' | 'manager' } | { state: 'stopped' };

/**
 * Where a campaign's leads come from: a lead list on this PC (LeadList), or a campaign shared by a team, leased from
 * the team store (team/lead-source.ts). The campaign's workers take a lead, clear it right before the dial, and
 * report the outcome or give it back; the source decides what may be dialled.
 */
export interface LeadSource<L extends DialLead = DialLead> {
  /** Leads in all, when known (progress screens). */
  readonly size: number | undefined;
  /** One lead per business line and language: what the voice warms up with before the first dial. */
  readonly kinds: Pick<Lead, 'plugin' | 'language' | 'timeZone'>[];
  /** Abandonment is counted and enforced by the source across every PC (the team's), not by this run alone. */
  readonly sharedAbandonment: boolean;
  /** The next lead, waiting while none may be dialled yet; null when there will be none (done, stopped, `signal`). */
  next(signal: AbortSignal): Promise<L | null>;
  /** Whether it may be dialled now; once cleared, the source holds the lead until report(). */
  clear(lead: L): Promise<Clearance>;
  /** A cleared lead's outcome. Never throws: a source that cannot deliver it lets the lead go back on its own terms. */
  report(lead: L, outcome: { disposition: Disposition; abandoned: boolean; callId?: string }): Promise<void>;
  /** A lead taken and not dialled (pausing, stopping): given back for later or for another PC. */
  release(lead: L): Promise<void>;
  /**
   * The callee opted out, the moment it is heard (it is on this PC's list already). A team's source lists the number
   * in the team store at once: a PC that dies before its outbox goes out must not leave the number to the others.
   * Never throws.
   */
  optedOut?(lead: L, source: 'opt_out_speech' | 'opt_out_dtmf'): Promise<void>;
  /**
   * A warm transfer is ringing the rep at `to` (transfer.ts): a team's source writes the handoff card to the team
   * store, where that rep's CallCue reads it (team/handoffs.ts). Settles once it is stored, or failed; never throws.
   */
  handoff?(lead: L, o: { to: string; context: HandoffContext }): Promise<void>;
  /** Campaign-wide state changes until the returned function is called (sources without such state omit it). */
  watch?(on: (state: SourceState) => void): () => void;
}

/**
 * A lead list on this PC: in list order, each checked right before its dial against the rules (rules.ts) and this
 * PC's store (do-not-call, attempts and back-off from the calls stored here). Outcomes live in the store already.
 */
export class LeadList implements LeadSource<Lead> {
  readonly #queue: Lead[];
  readonly size: number;
  readonly kinds: Lead[];
  readonly sharedAbandonment = false;
  readonly #o: { store: MetadataStore; rules: CampaignRules; now: () => number };

  constructor(leads: Lead[], o: { store: MetadataStore; rules: CampaignRules; now: () => number }) {
    this.#o = o;
    this.#queue = [...leads];
    this.size = leads.length;
    this.kinds = [...new Map(leads.map((l) => [`${l.plugin}|${l.language}`, l])).values()];
  }

  async next(): Promise<Lead | null> {
    return this.#queue.shift() ?? null;
  }

  async clear(lead: Lead): Promise<Clearance> {
    const { store, rules, now } = this.#o;
    return dialDecision(lead, { now: now(), doNotCall: await store.call('isDoNotCall', { phone: lead.phone }), attempts: await store.call('attempts', { phone: lead.phone }), rules });
  }

  async report(): Promise<void> {}

  async release(lead: Lead): Promise<void> {
    this.#queue.unshift(lead);
  }
}

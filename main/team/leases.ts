import { setTimeout as sleep } from 'node:timers/promises';
import type { Lead } from '../campaign/leads.ts';
import type { Disposition } from '../campaign/rules.ts';
import type { Queryable } from './client.ts';
import type { CampaignState } from './campaigns.ts';

/**
 * A PC's side of a shared campaign (migration 004): lease the next eligible lead, check again right before dialling,
 * keep the lease while the call lasts, report the outcome. Eligibility (the campaign running, the window in the
 * callee's zone, attempts, back-off, consent, the team's do-not-call list) is decided by the database at lease
 * time, so this class holds no rules of its own. Made to be the lead source of main/campaign/campaign.ts: `take()`
 * in place of the in-memory queue, `dial()` before `line.dial`, `hold()` around the call, `finish()` after.
 */

/** A leased lead: what main/campaign's Lead holds (its name stays in the manager's file) and the attempt that holds it. */
export interface TeamLead extends Omit<Lead, 'name'> {
  campaignId: number;
  leadId: string;
  attemptId: string;
  attemptNo: number;
  /** When the lease runs out unless renewed (epoch ms, the server's clock). */
  expiresAt: number;
}

/** Why lease_lead gave no lead: leads remain but none may be dialled now, none ever will, or the campaign's state. */
export type NoLease = 'waiting' | 'finished' | Exclude<CampaignState, 'running'>;
export type LeaseAnswer = { status: 'leased'; lead: TeamLead } | { status: NoLease };
/** begin_dial's answer: dial now, or why not (the attempt is then given back undialled). */
export type DialAnswer = 'dial' | 'do_not_call' | 'finished' | 'lease_lost' | Exclude<CampaignState, 'running'>;

export interface TeamLeasesOptions {
  client: Queryable;
  campaignId: number;
  /** How long a lease lasts without renewal: how long a dead PC's leads wait before the others take them. */
  leaseSeconds?: number;
  /** How often take() asks again while nothing is eligible or the campaign is paused. */
  pollMs?: number;
}

export class TeamLeases {
  readonly #client: Queryable;
  readonly #campaign: number;
  readonly leaseSeconds: number;
  readonly #pollMs: number;

  constructor(o: TeamLeasesOptions) {
    this.#client = o.client;
    this.#campaign = o.campaignId;
    this.leaseSeconds = o.leaseSeconds ?? 60;
    this.#pollMs = o.pollMs ?? 2000;
  }

  /** One lease_lead: the next eligible lead, leased to this login, or why there is none. */
  async next(): Promise<LeaseAnswer> {
    const { rows } = await this.#client.query(
      `SELECT status, attempt_id, attempt_no, lease_expires_at, lead_id, line, phone, time_zone, region, language, plugin, consent_source, consent_date::text
       FROM callcue.lease_lead($1, $2)`,
      [this.#campaign, this.leaseSeconds],
    );
    const r = rows[0]!;
    if (r.status !== 'leased') return { status: r.status as NoLease };
    return {
      status: 'leased',
      lead: {
        campaignId: this.#campaign,
        leadId: r.lead_id,
        attemptId: r.attempt_id,
        attemptNo: r.attempt_no,
        expiresAt: (r.lease_expires_at as Date).getTime(),
        line: r.line,
        phone: r.phone,
        timeZone: r.time_zone,
        region: r.region,
        language: r.language,
        plugin: r.plugin,
        consentSource: r.consent_source,
        consentDate: r.consent_date,
      },
    };
  }

  /**
   * The next lead, waiting (polling every pollMs) while none is eligible or the campaign is idle or paused; null
   * once the campaign is finished or stopped, or `signal` aborts.
   */
  async take(signal?: AbortSignal): Promise<TeamLead | null> {
    while (!signal?.aborted) {
      const answer = await this.next();
      if (answer.status === 'leased') return answer.lead;
      if (answer.status === 'finished' || answer.status === 'stopped') return null;
      await sleep(this.#pollMs, undefined, { signal }).catch(() => undefined);
    }
    return null;
  }

  /** Right before dialling: the do-not-call list and the campaign's state are checked again, at this moment. */
  async dial(lead: TeamLead): Promise<DialAnswer> {
    const { rows } = await this.#client.query<{ answer: DialAnswer }>('SELECT callcue.begin_dial($1) AS answer', [lead.attemptId]);
    return rows[0]!.answer;
  }

  /** Renews the lease now; null when it was lost (it ran out and another PC may have the lead). */
  async renew(lead: TeamLead): Promise<{ expiresAt: number; campaignState: CampaignState } | null> {
    const { rows } = await this.#client.query<{ expires_at: Date | null; campaign_state: CampaignState }>('SELECT expires_at, campaign_state FROM callcue.renew_lease($1)', [lead.attemptId]);
    const r = rows[0]!;
    if (!r.expires_at) return null;
    lead.expiresAt = r.expires_at.getTime();
    return { expiresAt: lead.expiresAt, campaignState: r.campaign_state };
  }

  /**
   * Keeps the lease while the call lasts: renewed every third of its length, so two renewals can fail (a slow
   * network) before it runs out. `onLost` hears of a lease that ran out anyway; `onState` of a pause or stop.
   */
  hold(lead: TeamLead, on: { onLost?: () => void; onState?: (state: CampaignState) => void; onError?: (error: unknown) => void } = {}): { stop(): void } {
    const timer = setInterval(() => {
      this.renew(lead).then(
        (r) => (r ? on.onState?.(r.campaignState) : (clearInterval(timer), on.onLost?.())),
        (error: unknown) => on.onError?.(error),
      );
    }, (this.leaseSeconds * 1000) / 3);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }

  /** The call's outcome; returns the campaign's state after it (paused: the abandonment rule tripped, for every PC). */
  async finish(lead: TeamLead, disposition: Disposition, o: { abandoned?: boolean; callId?: string } = {}): Promise<CampaignState> {
    const { rows } = await this.#client.query<{ state: CampaignState }>('SELECT callcue.finish_attempt($1, $2, $3, $4) AS state', [lead.attemptId, disposition, o.abandoned ?? false, o.callId ?? null]);
    return rows[0]!.state;
  }

  /** Gives back a lead not dialled (the PC is stopping): the others may take it at once. */
  async release(lead: TeamLead): Promise<boolean> {
    const { rows } = await this.#client.query<{ released: boolean }>('SELECT callcue.release_lease($1) AS released', [lead.attemptId]);
    return rows[0]!.released;
  }
}

import type { HandoffContext, TeamHandoff } from '../../preload/contract.ts';
import type { Queryable } from './client.ts';

/**
 * Warm transfer's handoff cards in the team store (migration 007). The bot's PC writes one as the rep's phone starts
 * ringing; the rep's PC hears `callcue_handoff` (id and extension only) and reads the row, which row-level security
 * shows only to the person whose extension was rung. Metadata only: the context's keys are fixed by the table.
 */
export async function writeHandoff(client: Queryable, o: { toExtension: string; campaignId: number | null; context: HandoffContext }): Promise<number> {
  const { rows } = await client.query<{ id: string }>('INSERT INTO callcue.handoffs (to_extension, campaign_id, context) VALUES ($1, $2, $3) RETURNING id', [o.toExtension, o.campaignId, JSON.stringify(o.context)]);
  return Number(rows[0]!.id);
}

const READ = `SELECT h.id::float8 AS id, h.created_at AS at, coalesce(h.from_name, h.from_rep) AS "from", h.campaign_id::float8 AS "campaignId", h.context
  FROM callcue.handoffs h`;

/**
 * Handoffs to this login's own extension (not its own PC's) with ids above `afterId`, created within `withinSeconds`:
 * a card is only worth showing while the callee may still be on the line.
 */
export async function handoffsForMe(client: Queryable, o: { afterId: number; withinSeconds: number; id?: number }): Promise<TeamHandoff[]> {
  const { rows } = await client.query<Omit<TeamHandoff, 'at'> & { at: Date }>(
    `${READ} WHERE h.to_extension = (SELECT extension FROM callcue.reps WHERE role_name = current_user)
       AND h.id > $1 AND h.created_at > now() - make_interval(secs => $2) AND ($3::bigint IS NULL OR h.id = $3) ORDER BY h.id`,
    [o.afterId, o.withinSeconds, o.id ?? null],
  );
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** The extension a handoff is addressed to: the transfer's target, or the user part of its SIP URI (sip:201@pbx -> 201). */
export function handoffExtension(target: string): string {
  const m = /^sips?:([^@]+)@/i.exec(target);
  return m ? m[1]! : target;
}

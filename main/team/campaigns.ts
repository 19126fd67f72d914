import type { AttemptCounts, TeamCampaignItem, TeamCampaignReport as CampaignReport } from '../../preload/contract.ts';
import { CallcueError } from '../base/errors.ts';
import { LeadErrors, parseLeads, type BadRow } from '../campaign/leads.ts';
import { defaultRules, type CallingWindow, type CampaignRules, type Disposition } from '../campaign/rules.ts';
import { inTransaction, type TeamClient } from './client.ts';
import { roleFor } from './members.ts';

/**
 * A manager's side of a shared campaign (migration 004): create it, import its lead list once, set its rules and the
 * PCs allowed on it, start, pause, resume and stop it for every PC, and read the morning report. The PCs' side is
 * leases.ts. Every value is a bound parameter; lists go in as arrays (unnest), never as SQL text.
 */

export type CampaignState = TeamCampaignItem['state'];

export interface TeamCampaignRules extends CampaignRules {
  backoffMinutes: Partial<Record<Disposition | 'lease_expired', number>>;
  /** Abandoned share of answered calls, over every PC, above which the campaign pauses for all (at most 0.03). */
  abandonLimit: number;
  /** When dialling stops for everyone (epoch ms); null: no stop time. */
  stopAt: number | null;
}

/**
 * Today's single-PC rules, plus a back-off for a lease that ran out on a dialled lead (its PC died mid-call: the
 * callee may just have heard a dropped call, so an hour as for a failed one).
 */
export const teamDefaultRules: TeamCampaignRules = {
  ...defaultRules,
  backoffMinutes: { ...defaultRules.backoffMinutes, lease_expired: 60 },
  abandonLimit: 0.03,
  stopAt: null,
};

/** A new campaign (idle until started) with its rules; returns its id. The login making it is its owner. */
export async function createCampaign(client: TeamClient, c: { name: string; plugin: string; language: 'en' | 'zh-CN'; rules?: Partial<TeamCampaignRules> }): Promise<number> {
  return inTransaction(client, async () => {
    const { rows } = await client.query<{ id: string }>('INSERT INTO callcue.campaigns (name, plugin, language) VALUES ($1, $2, $3) RETURNING id', [c.name.trim(), c.plugin, c.language]);
    const id = Number(rows[0]!.id);
    await writeRules(client, id, { ...teamDefaultRules, ...c.rules });
    return id;
  });
}

/** Changes the rules given (the others stay); takes effect at the next lease on every PC. */
export async function setRules(client: TeamClient, id: number, rules: Partial<TeamCampaignRules>): Promise<void> {
  await inTransaction(client, async () => {
    await campaignRow(client, id);
    await writeRules(client, id, rules);
  });
}

async function writeRules(client: TeamClient, id: number, r: Partial<TeamCampaignRules>): Promise<void> {
  await client.query(
    `UPDATE callcue.campaigns SET max_attempts = coalesce($2, max_attempts), abandon_limit = coalesce($3, abandon_limit),
       stop_at = CASE WHEN $4::boolean THEN to_timestamp($5::double precision / 1000) ELSE stop_at END WHERE id = $1`,
    [id, r.maxAttempts ?? null, r.abandonLimit ?? null, r.stopAt !== undefined, r.stopAt ?? null],
  );
  // The default window is region ''; a new set of regional windows replaces the old one whole.
  const windows: Record<string, CallingWindow> = { ...(r.window && { '': r.window }), ...r.windows };
  if (r.windows) await client.query("DELETE FROM callcue.campaign_windows WHERE campaign_id = $1 AND region <> ''", [id]);
  const regions = Object.keys(windows);
  if (regions.length) {
    await client.query(
      `INSERT INTO callcue.campaign_windows (campaign_id, region, starts, ends) SELECT $1, * FROM unnest($2::text[], $3::time[], $4::time[])
       ON CONFLICT (campaign_id, region) DO UPDATE SET starts = excluded.starts, ends = excluded.ends`,
      [id, regions, regions.map((k) => windows[k]!.start), regions.map((k) => windows[k]!.end)],
    );
  }
  const backoff = Object.entries(r.backoffMinutes ?? {});
  if (backoff.length) {
    await client.query(
      `INSERT INTO callcue.campaign_backoff (campaign_id, disposition, minutes) SELECT $1, * FROM unnest($2::text[], $3::int[])
       ON CONFLICT (campaign_id, disposition) DO UPDATE SET minutes = excluded.minutes`,
      [id, backoff.map(([d]) => d), backoff.map(([, m]) => m)],
    );
  }
}

async function campaignRow(client: TeamClient, id: number): Promise<{ plugin: string; state: CampaignState }> {
  const { rows } = await client.query<{ plugin: string; state: CampaignState }>('SELECT plugin, state FROM callcue.campaigns WHERE id = $1', [id]);
  if (!rows[0]) throw new CallcueError('team_campaign_unknown', `There is no campaign ${id} on this team store.`);
  return rows[0];
}

/** Rows per INSERT: 2,000 leads are about 200 KB of parameters, well under what one statement takes. */
const BATCH = 2000;

/**
 * The manager's lead list, with today's row checks (main/campaign/leads.ts): bad rows are skipped with their line
 * and reason, or with `strict` any bad row rejects the whole list (LeadErrors, nothing imported). A number already
 * in the campaign (from an earlier list) is skipped too, or under `strict` rejects the list. The name column stays
 * in the file: the team store keeps the line it came from.
 */
export async function importLeads(client: TeamClient, id: number, file: Uint8Array | string, o: { strict?: boolean; now?: number } = {}): Promise<{ imported: number; skipped: BadRow[] }> {
  const { plugin, state } = await campaignRow(client, id);
  if (state === 'stopped') throw new CallcueError('team_campaign_stopped', `Campaign ${id} is stopped; make a new one for this list.`);
  const list = await parseLeads(file, { plugins: [plugin], strict: o.strict, now: o.now });
  const skipped = [...list.skipped];
  const imported = await inTransaction(client, async () => {
    let count = 0;
    for (let at = 0; at < list.leads.length; at += BATCH) {
      const leads = list.leads.slice(at, at + BATCH);
      const { rows } = await client.query<{ phone: string }>(
        `INSERT INTO callcue.campaign_leads (campaign_id, line, phone, time_zone, region, language, consent_source, consent_date)
         SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[])
         ON CONFLICT (campaign_id, phone) DO NOTHING RETURNING phone`,
        [id, ...(['line', 'phone', 'timeZone', 'region', 'language', 'consentSource', 'consentDate'] as const).map((k) => leads.map((l) => l[k]))],
      );
      count += rows.length;
      if (rows.length < leads.length) skipped.push(...(await alreadyThere(client, id, leads, new Set(rows.map((r) => r.phone)))));
    }
    if (o.strict && skipped.length) throw new LeadErrors(skipped);
    return count;
  });
  return { imported, skipped: skipped.sort((a, b) => a.line - b.line) };
}

/** The rows of this batch whose number an earlier list already put in the campaign. */
async function alreadyThere(client: TeamClient, id: number, leads: { line: number; phone: string }[], inserted: Set<string>): Promise<BadRow[]> {
  const others = leads.filter((l) => !inserted.has(l.phone));
  const { rows } = await client.query<{ phone: string; line: number }>('SELECT phone, line FROM callcue.campaign_leads WHERE campaign_id = $1 AND phone = ANY($2::text[])', [id, others.map((l) => l.phone)]);
  const first = new Map(rows.map((r) => [r.phone, String(r.line)]));
  return others.map((l) => ({
    line: l.line,
    message: `${l.phone} is already in the campaign (line ${first.get(l.phone)} of an earlier list)`,
    reasons: [{ key: 'campaign.rowError.duplicate', vars: { phone: l.phone, line: first.get(l.phone)! } }],
  }));
}

/** Lets these people's PCs (their logins) work the campaign. */
export async function allowPcs(client: TeamClient, id: number, names: string[]): Promise<string[]> {
  const roles = names.map(roleFor);
  await campaignRow(client, id);
  const { rows } = await client.query<{ role_name: string }>('SELECT role_name FROM callcue.reps WHERE role_name = ANY($1::text[]) AND removed_at IS NULL', [roles]);
  const unknown = roles.filter((r) => !rows.some((x) => x.role_name === r));
  if (unknown.length) throw new CallcueError('team_member_unknown', `No login on this team store for ${unknown.map((r) => r.slice(3)).join(', ')}: add them first (callcue team add-rep).`);
  await client.query('INSERT INTO callcue.campaign_pcs (campaign_id, rep) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [id, roles]);
  return roles;
}

/** Takes a PC off the campaign: it leases nothing more (a call it is on finishes). */
export async function disallowPc(client: TeamClient, id: number, name: string): Promise<boolean> {
  const { rowCount } = await client.query('DELETE FROM callcue.campaign_pcs WHERE campaign_id = $1 AND rep = $2', [id, roleFor(name)]);
  return Boolean(rowCount);
}

/** Start (or resume), pause or stop, for every PC: each learns it at its next lease, dial or renewal. stopped is final. */
export async function setCampaignState(client: TeamClient, id: number, state: Exclude<CampaignState, 'idle'>): Promise<void> {
  await campaignRow(client, id);
  await client.query('SELECT callcue.set_campaign_state($1, $2)', [id, state]);
}

export type { AttemptCounts, CampaignReport };

/** A manager's campaigns, newest first. */
export async function listCampaigns(client: TeamClient): Promise<TeamCampaignItem[]> {
  const { rows } = await client.query<TeamCampaignItem>('SELECT id::int AS id, name, state FROM callcue.campaigns ORDER BY id DESC');
  return rows;
}

/** The whole campaign across every PC: the morning report (CLI --json, the export). Expired leases are closed first. */
export async function campaignReport(client: TeamClient, id: number): Promise<CampaignReport> {
  await campaignRow(client, id);
  await client.query('SELECT callcue.reap_leases($1)', [id]);
  const { rows: [c] } = await client.query(
    `SELECT id::int, name, plugin, language, state, state_reason, state_changed_by, state_changed_at, stop_at, abandon_limit::float AS abandon_limit FROM callcue.campaigns WHERE id = $1`,
    [id],
  );
  const { rows: [leads] } = await client.query<{ total: number; finished: number; leased: number }>(
    'SELECT count(*)::int AS total, count(*) FILTER (WHERE done)::int AS finished, count(leased_attempt)::int AS leased FROM callcue.campaign_leads WHERE campaign_id = $1',
    [id],
  );
  const { rows: blocks } = await client.query<{ reason: string | null; n: number }>(
    `SELECT callcue.lead_block(l, c) AS reason, count(*)::int AS n FROM callcue.campaign_leads l JOIN callcue.campaigns c ON c.id = l.campaign_id
     WHERE l.campaign_id = $1 AND NOT l.done AND l.leased_attempt IS NULL GROUP BY 1`,
    [id],
  );
  const { rows: groups } = await client.query<{ rep: string; display_name: string | null; disposition: string | null; leased: number; dialled: number; answered: number; abandoned: number }>(
    `SELECT a.rep, r.display_name, a.disposition, count(*)::int AS leased, count(a.dialled_at)::int AS dialled,
            count(*) FILTER (WHERE a.answered)::int AS answered, count(*) FILTER (WHERE a.abandoned)::int AS abandoned
     FROM callcue.campaign_attempts a LEFT JOIN callcue.reps r ON r.role_name = a.rep WHERE a.campaign_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 3`,
    [id],
  );
  const empty = (): AttemptCounts => ({ leased: 0, dialled: 0, answered: 0, abandoned: 0, onLine: 0, dispositions: {} });
  const totals = empty();
  const pcs = new Map<string, AttemptCounts & { rep: string; displayName: string | null }>();
  for (const g of groups) {
    const pc = pcs.get(g.rep) ?? { rep: g.rep, displayName: g.display_name, ...empty() };
    pcs.set(g.rep, pc);
    for (const into of [pc, totals]) {
      into.leased += g.leased;
      into.dialled += g.dialled;
      into.answered += g.answered;
      into.abandoned += g.abandoned;
      if (g.disposition) into.dispositions[g.disposition] = (into.dispositions[g.disposition] ?? 0) + g.leased;
      else into.onLine += g.leased;
    }
  }
  const skipped = Object.fromEntries(blocks.filter((b) => b.reason).map((b) => [b.reason!, b.n]));
  // The rate finish_attempt pauses on: abandoned over answered-or-abandoned, every PC together.
  const { rows: [rate] } = await client.query<{ rate: number }>(
    'SELECT coalesce(count(*) FILTER (WHERE abandoned)::float / nullif(count(*), 0), 0) AS rate FROM callcue.campaign_attempts WHERE campaign_id = $1 AND (abandoned OR answered)',
    [id],
  );
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    campaign: { id: c.id, name: c.name, plugin: c.plugin, language: c.language, state: c.state, stateReason: c.state_reason, stateChangedBy: c.state_changed_by, stateChangedAt: iso(c.state_changed_at), stopAt: iso(c.stop_at), abandonLimit: c.abandon_limit },
    leads: { total: leads!.total, finished: leads!.finished, leasedNow: leads!.leased, eligibleNow: blocks.find((b) => !b.reason)?.n ?? 0 },
    skipped,
    totals: { ...totals, abandonRate: rate!.rate },
    pcs: [...pcs.values()],
  };
}

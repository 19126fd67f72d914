import type { CallRow, TeamCampaignItem } from '../../preload/contract.ts';
import type { CallFactsRows, CallFilter } from '../store/index.ts';
import { campaignReport, listCampaigns, setCampaignState, type CampaignReport, type CampaignState } from './campaigns.ts';
import { withTeam, type TeamClient } from './client.ts';
import { requireManager } from './members.ts';
import type { TeamTarget } from './url.ts';

/** The team's calls in the local store's report shape (main/export builds the same summaries from it), and whose each is. */
export interface TeamCallFacts extends CallFactsRows {
  /** Call id -> the rep's name on the team (display name, else login). */
  repOf: Map<string, string>;
}

const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;
/** A call's id across the team: the rep's login with the PC's own id (two PCs may use the same local id). */
const teamId = (rep: string, local: string) => `${rep}/${local}`;

/** A team id back to its rep and local id; anything else matches no call. */
function splitTeamId(id: string | undefined): [string | null, string | null] {
  if (id === undefined) return [null, null];
  const at = id.indexOf('/');
  return at > 0 ? [id.slice(0, at), id.slice(at + 1)] : ['', ''];
}

/** The filter as bound parameters, in the order of FILTERED ($1..$8). */
const filterValues = (f: CallFilter) => [f.from ?? 0, f.to ?? Number.MAX_SAFE_INTEGER, f.plugin ?? null, f.mode ?? null, f.outcome ?? null, f.intent ?? null, ...splitTeamId(f.id)];
const FILTERED = `c.started_at >= to_timestamp($1 / 1000.0) AND c.started_at < to_timestamp($2 / 1000.0)
  AND ($3::text IS NULL OR c.plugin = $3) AND ($4::text IS NULL OR c.mode = $4) AND ($5::text IS NULL OR c.outcome = $5)
  AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM callcue.turns x WHERE x.rep = c.rep AND x.call_local_id = c.local_id AND x.intent = $6))
  AND ($7::text IS NULL OR (c.rep = $7 AND c.local_id = $8))`;
const CALLS = `SELECT c.rep, coalesce(r.display_name, c.rep) AS name, c.local_id AS "localId", ${ms('c.started_at')} AS "startedAt", ${ms('c.ended_at')} AS "endedAt",
       c.duration_ms AS "durationMs", c.mode, c.plugin, c.language, c.outcome, c.final_state AS "finalState"
  FROM callcue.calls c LEFT JOIN callcue.reps r ON r.role_name = c.rep WHERE ${FILTERED}`;
type CallLine = Omit<CallRow, 'id' | 'rep'> & { rep: string; name: string; localId: string };

/** Row-level security would show a rep their own calls only, which is not "the team": a rep's login is refused. */
const asManager = (client: TeamClient) => requireManager(client, "Reading the team's calls and campaigns");

/** The newest calls of the team a filter covers, newest first, each with its rep's name (History on a manager's PC). */
export async function teamCallList(client: TeamClient, filter: CallFilter, limit: number): Promise<CallRow[]> {
  await asManager(client);
  const { rows } = await client.query<CallLine>(`${CALLS} ORDER BY c.started_at DESC, c.rep, c.local_id LIMIT $9`, [...filterValues(filter), limit]);
  return rows.map(({ rep, name, localId, ...call }) => ({ ...call, id: teamId(rep, localId), rep: name }));
}

/**
 * Every call of the team that a filter covers, read as a manager (row-level security shows a rep only their own:
 * a rep's login is refused here rather than give a "team" export of one person). Three reads in one snapshot.
 */
export async function teamCallFacts(client: TeamClient, filter: CallFilter): Promise<TeamCallFacts> {
  await asManager(client);
  const params = filterValues(filter);
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const calls = await client.query<CallLine>(`${CALLS} ORDER BY c.started_at, c.rep, c.local_id`, params);
    const turns = await client.query<CallFactsRows['turns'][number] & { rep: string; callLocalId: string }>(
      `SELECT t.rep, t.call_local_id AS "callLocalId", t.local_id::float8 AS id, t.channel, t.start_ms AS "startMs", t.end_ms AS "endMs", t.intent,
              t.confidence::float8 AS confidence, t.state_from AS "stateFrom", t.state_to AS "stateTo"
         FROM callcue.turns t JOIN callcue.calls c ON c.rep = t.rep AND c.local_id = t.call_local_id WHERE ${FILTERED} ORDER BY t.rep, t.call_local_id, t.start_ms, t.local_id`,
      params,
    );
    const suggestions = await client.query<CallFactsRows['suggestions'][number] & { rep: string; callLocalId: string }>(
      `SELECT s.rep, s.call_local_id AS "callLocalId", s.turn_local_id::float8 AS "turnId", s.rank, s.source, s.rule, ${ms('s.shown_at')} AS "shownAt", ${ms('s.used_at')} AS "usedAt"
         FROM callcue.suggestions s JOIN callcue.calls c ON c.rep = s.rep AND c.local_id = s.call_local_id WHERE ${FILTERED} ORDER BY s.rep, s.call_local_id, s.shown_at, s.rank`,
      params,
    );
    await client.query('COMMIT');
    const repOf = new Map<string, string>();
    return {
      calls: calls.rows.map(({ rep, name, localId, ...call }) => {
        const id = teamId(rep, localId);
        repOf.set(id, name);
        // The team store never holds a phone number of a call: the export's phone column stays empty.
        return { ...call, id, phone: null };
      }),
      turns: turns.rows.map(({ rep, callLocalId, ...t }) => ({ ...t, callId: teamId(rep, callLocalId) })),
      suggestions: suggestions.rows.map(({ rep, callLocalId, ...s }) => ({ ...s, callId: teamId(rep, callLocalId) })),
      repOf,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The morning report of each team campaign with an attempt leased in the filter's range, oldest campaign first. */
async function teamCampaignsIn(client: TeamClient, filter: CallFilter): Promise<CampaignReport[]> {
  const { rows } = await client.query<{ id: number }>(
    'SELECT DISTINCT campaign_id::int AS id FROM callcue.campaign_attempts WHERE leased_at >= to_timestamp($1 / 1000.0) AND leased_at < to_timestamp($2 / 1000.0) ORDER BY 1',
    [filter.from ?? 0, filter.to ?? Number.MAX_SAFE_INTEGER],
  );
  const reports: CampaignReport[] = [];
  for (const { id } of rows) reports.push(await campaignReport(client, id));
  return reports;
}

/**
 * What a manager's PC reads from the team store (and the campaign commands it sends): the team's calls for History,
 * the dashboard and exports, and the team campaigns for the Autopilot tab. Each on its own connection with this PC's login.
 */
export interface TeamReports {
  facts(filter: CallFilter): Promise<TeamCallFacts>;
  list(filter: CallFilter, limit: number): Promise<CallRow[]>;
  campaignsIn(filter: CallFilter): Promise<CampaignReport[]>;
  campaigns(): Promise<TeamCampaignItem[]>;
  campaign(id: number): Promise<CampaignReport>;
  setCampaignState(id: number, state: Exclude<CampaignState, 'idle'>): Promise<CampaignReport>;
}

/** Team reads with the login `target` gives at the time of each read (a PC may join or change login while the app runs). */
export function teamReports(target: () => TeamTarget): TeamReports {
  const asManagerDo = <T>(work: (client: TeamClient) => Promise<T>) =>
    withTeam(target(), async (client) => {
      await asManager(client);
      return work(client);
    });
  return {
    facts: (filter) => withTeam(target(), (client) => teamCallFacts(client, filter)),
    list: (filter, limit) => withTeam(target(), (client) => teamCallList(client, filter, limit)),
    campaignsIn: (filter) => asManagerDo((client) => teamCampaignsIn(client, filter)),
    campaigns: () => asManagerDo(listCampaigns),
    campaign: (id) => asManagerDo((client) => campaignReport(client, id)),
    setCampaignState: (id, state) =>
      asManagerDo(async (client) => {
        await setCampaignState(client, id, state);
        return campaignReport(client, id);
      }),
  };
}

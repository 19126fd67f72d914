import { CallcueError } from '../base/errors.ts';
import type { CallFactsRows, CallFilter } from '../store/index.ts';
import type { TeamClient } from './client.ts';
import { whoAmI } from './members.ts';

/** The team's calls in the local store's report shape (main/export builds the same summaries from it), and whose each is. */
export interface TeamCallFacts extends CallFactsRows {
  /** Call id -> the rep's name on the team (display name, else login). */
  repOf: Map<string, string>;
}

const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;
/** A call's id across the team: the rep's login with the PC's own id (two PCs may use the same local id). */
const teamId = (rep: string, local: string) => `${rep}/${local}`;

/** The filter as bound parameters, in the order of FILTERED ($1..$7). */
const filterValues = (f: CallFilter) => [f.from ?? 0, f.to ?? Number.MAX_SAFE_INTEGER, f.plugin ?? null, f.mode ?? null, f.outcome ?? null, f.intent ?? null];
const FILTERED = `c.started_at >= to_timestamp($1 / 1000.0) AND c.started_at < to_timestamp($2 / 1000.0)
  AND ($3::text IS NULL OR c.plugin = $3) AND ($4::text IS NULL OR c.mode = $4) AND ($5::text IS NULL OR c.outcome = $5)
  AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM callcue.turns x WHERE x.rep = c.rep AND x.call_local_id = c.local_id AND x.intent = $6))`;

/**
 * Every call of the team that a filter covers, read as a manager (row-level security shows a rep only their own:
 * a rep's login is refused here rather than give a "team" export of one person). Three reads in one snapshot.
 */
export async function teamCallFacts(client: TeamClient, filter: CallFilter): Promise<TeamCallFacts> {
  const me = await whoAmI(client);
  if (!me.manager) throw new CallcueError('team_not_manager', `The team export needs a manager's login; ${me.displayName ?? me.role} is a rep (callcue export without --team exports this PC's calls).`);
  const params = filterValues(filter);
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const calls = await client.query<{ rep: string; name: string; localId: string; startedAt: number; endedAt: number | null; durationMs: number | null; mode: 'assist' | 'auto'; plugin: string; language: string; outcome: string; finalState: string | null }>(
      `SELECT c.rep, coalesce(r.display_name, c.rep) AS name, c.local_id AS "localId", ${ms('c.started_at')} AS "startedAt", ${ms('c.ended_at')} AS "endedAt",
              c.duration_ms AS "durationMs", c.mode, c.plugin, c.language, c.outcome, c.final_state AS "finalState"
         FROM callcue.calls c LEFT JOIN callcue.reps r ON r.role_name = c.rep WHERE ${FILTERED} ORDER BY c.started_at, c.rep, c.local_id`,
      params,
    );
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

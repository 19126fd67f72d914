import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateTeam, type TeamClient } from '../../main/team/index.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';

let server: TestTeamServer;
let db: TeamClient;

beforeAll(async () => {
  server = await startTestTeamServer();
  db = await server.connect();
  await migrateTeam(db, { to: 1 });
  await db.query("INSERT INTO callcue.reps (role_name, display_name) VALUES ('cc_ann', 'Ann Lee')");
});

afterAll(async () => {
  await server?.stop();
});

const insertCall = "INSERT INTO callcue.calls (rep, local_id, started_at, mode, plugin, language, outcome, final_state) VALUES ('cc_ann', $1, now(), 'assist', 'insurance', 'zh-CN', $2, $3)";

describe('migration 001: the team tables', () => {
  it('holds calls, turns and suggestions keyed by rep and local id', async () => {
    await db.query(insertCall, ['c1', 'completed', 'wrap_up']);
    await expect(db.query(insertCall, ['c1', 'completed', null])).rejects.toThrow(/duplicate key/);
    await db.query("INSERT INTO callcue.turns (rep, local_id, call_local_id, channel, start_ms, end_ms, intent, confidence, state_from, state_to) VALUES ('cc_ann', 7, 'c1', 'customer', 100, 900, 'price_objection', 0.93, 'needs', 'objection_handling')");
    await db.query("INSERT INTO callcue.suggestions (rep, local_id, call_local_id, turn_local_id, rank, source, rule, shown_at, used_at) VALUES ('cc_ann', 3, 'c1', 7, 1, 'card', 'cards.price_objection', now(), now())");
    await expect(db.query("INSERT INTO callcue.turns (rep, local_id, call_local_id, channel, start_ms, end_ms) VALUES ('cc_ann', 8, 'nope', 'rep', 0, 1)")).rejects.toThrow(/foreign key/);
    await expect(db.query("INSERT INTO callcue.calls (rep, local_id, started_at, mode, plugin, language) VALUES ('cc_nobody', 'x', now(), 'assist', 'insurance', 'en')")).rejects.toThrow(/foreign key/);
  });

  it('refuses anything that could be words where a label belongs', async () => {
    // The tag domain takes identifiers only: an English or a Chinese sentence does not fit.
    await expect(db.query(insertCall, ['c2', 'the customer said it is too expensive', null])).rejects.toThrow(/callcue.tag/);
    await expect(db.query(insertCall, ['c3', '太贵了我不要', null])).rejects.toThrow(/callcue.tag/);
    await expect(db.query("INSERT INTO callcue.turns (rep, local_id, call_local_id, channel, start_ms, end_ms, intent) VALUES ('cc_ann', 9, 'c1', 'customer', 0, 1, 'I think it costs too much')")).rejects.toThrow(/callcue.tag/);
  });

  it('has no column for audio or what anyone said: every free-text column is listed here and bounded', async () => {
    const { rows } = await db.query<{ name: string }>(
      `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
       WHERE table_schema = 'callcue' AND data_type IN ('text', 'character varying', 'bytea', 'json', 'jsonb') AND domain_name IS NULL ORDER BY 1`,
    );
    // Ids and names the team types (a display name, a campaign name, a reason), never a transcript.
    expect(rows.map((r) => r.name)).toEqual([
      'calls.local_id', 'calls.mode', 'calls.rep', 'campaigns.created_by', 'campaigns.name', 'dnc.added_by', 'dnc.phone', 'dnc.reason', 'dnc.source',
      'dnc_audit.action', 'dnc_audit.added_by', 'dnc_audit.done_by', 'dnc_audit.phone', 'dnc_audit.reason', 'dnc_audit.source',
      'reps.display_name', 'reps.role_name', 'schema_version.name', 'suggestions.call_local_id', 'suggestions.rep', 'suggestions.rule',
      'turns.call_local_id', 'turns.channel', 'turns.rep',
    ]);
    await expect(db.query("UPDATE callcue.suggestions SET rule = repeat('x', 201)")).rejects.toThrow(/check constraint/);
  });

  it('keeps the do-not-call list in E.164 with a known source', async () => {
    const add = "INSERT INTO callcue.dnc (phone, added_by, source) VALUES ($1, 'cc_ann', $2)";
    await db.query(add, ['+8613800000000', 'opt_out_dtmf']);
    await expect(db.query(add, ['+8613800000000', 'import'])).rejects.toThrow(/duplicate key/);
    await expect(db.query(add, ['13800000000', 'import'])).rejects.toThrow(/check constraint/);
    await expect(db.query(add, ['+14155550100', 'guess'])).rejects.toThrow(/check constraint/);
  });
});

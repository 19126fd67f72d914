import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, migrateTeam, type TeamClient } from '../../main/team/index.ts';
import { handoffsForMe, writeHandoff } from '../../main/team/handoffs.ts';
import type { HandoffContext } from '../../preload/contract.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';

/** Handoff cards: written by the bot's PC as itself, read only by the rep whose extension is rung, announced by id. */
let server: TestTeamServer;
let admin: TeamClient;
const as: Record<'bot' | 'ann' | 'bob' | 'max', TeamClient> = {} as never;
const context: HandoffContext = { plugin: 'insurance', language: 'en', leadLine: 7, phone: '+14155550100', intents: ['greeting', 'objection_price', 'ask_human'], objections: ['objection_price'], slots: { age: 42, product: 'term_life' }, stage: 'objection_handling', turns: 3 };

beforeAll(async () => {
  server = await startTestTeamServer();
  admin = await server.connect();
  await migrateTeam(admin, { to: 6 });
  await admin.query("INSERT INTO callcue.reps (role_name, display_name) VALUES ('cc_old', 'Old')");
  expect(await migrateTeam(admin, { to: 7 })).toEqual({ from: 6, to: 7 });
  for (const [name, manager, extension] of [['bot', false, undefined], ['ann', false, '201'], ['bob', false, '202'], ['max', true, undefined]] as const) {
    const { role, password } = await addMember(admin, { name, manager, extension });
    as[name] = await server.connect({ user: role, password });
  }
});

afterAll(async () => {
  await server?.stop();
});

describe('migration 007: warm transfer handoff cards', () => {
  it('gives each person one extension of their own', async () => {
    expect((await admin.query('SELECT role_name, extension FROM callcue.reps ORDER BY role_name')).rows).toEqual([
      { role_name: 'cc_ann', extension: '201' },
      { role_name: 'cc_bob', extension: '202' },
      { role_name: 'cc_bot', extension: null },
      { role_name: 'cc_max', extension: null },
      { role_name: 'cc_old', extension: null },
    ]);
    await expect(addMember(admin, { name: 'cat', manager: false, extension: '201' })).rejects.toMatchObject({ code: 'team_extension_taken' });
    await expect(addMember(admin, { name: 'dan', manager: false, extension: '20 1' })).rejects.toMatchObject({ code: 'usage' });
    await expect(as.ann.query("UPDATE callcue.reps SET extension = '999' WHERE role_name = 'cc_ann'")).rejects.toThrow(/permission denied/);
  });

  it('announces a handoff at commit by id and extension only; only the rung rep (and the writer) reads it', async () => {
    const heard: unknown[] = [];
    as.bob.on('notification', (n) => n.channel === 'callcue_handoff' && heard.push(JSON.parse(n.payload!)));
    await as.bob.query('LISTEN callcue_handoff');
    await as.bot.query('BEGIN');
    const id = await writeHandoff(as.bot, { toExtension: '201', campaignId: null, context });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toEqual([]); // not before the commit
    await as.bot.query('COMMIT');
    await expect.poll(() => heard).toEqual([{ id, to: '201' }]);

    const [card] = await handoffsForMe(as.ann, { afterId: 0, withinSeconds: 60 });
    expect(card).toMatchObject({ id, from: 'bot', campaignId: null, context });
    expect(Date.parse(card!.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(await handoffsForMe(as.ann, { afterId: id, withinSeconds: 60 })).toEqual([]);
    expect(await handoffsForMe(as.bob, { afterId: 0, withinSeconds: 60 })).toEqual([]);
    expect((await as.bob.query('SELECT id FROM callcue.handoffs')).rows).toEqual([]);
    expect((await as.max.query('SELECT id FROM callcue.handoffs')).rows).toEqual([]);
    expect((await as.bot.query('SELECT to_extension FROM callcue.handoffs')).rows).toEqual([{ to_extension: '201' }]);
  });

  it('refuses a handoff written as someone else, words in the context, or keys it does not know', async () => {
    await expect(as.bot.query("INSERT INTO callcue.handoffs (from_rep, to_extension, context) VALUES ('cc_ann', '201', '{}')")).rejects.toThrow(/row-level security/);
    await expect(writeHandoff(as.bot, { toExtension: '201', campaignId: null, context: { ...context, transcript: 'I want to talk to a person' } as never })).rejects.toThrow(/handoffs_context_check/);
    await expect(writeHandoff(as.bot, { toExtension: '201', campaignId: null, context: { ...context, slots: { note: 'call me after lunch' } } as never })).rejects.toThrow(/handoffs_context_check/);
    await expect(writeHandoff(as.bot, { toExtension: '<sip:201>', campaignId: null, context })).rejects.toThrow(/to_extension_check/);
    await expect(as.bot.query('UPDATE callcue.handoffs SET to_extension = $1', ['202'])).rejects.toThrow(/permission denied/);
    // The sender's name is the team's, not what the sender claims.
    expect((await as.bot.query("INSERT INTO callcue.handoffs (to_extension, context, from_name) VALUES ('202', '{}', 'The boss') RETURNING from_name")).rows).toEqual([{ from_name: 'bot' }]);
  });
});

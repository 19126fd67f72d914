import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { checkSchema, migrateTeam, schemaVersion, teamMigrations, TeamSync, type TeamClient } from '../../main/team/index.ts';
import { startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';
import { repoRoot } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

let server: TestTeamServer;
let db: TeamClient;
const latest = teamMigrations().length;

beforeAll(async () => {
  server = await startTestTeamServer();
  db = await server.connect();
});

afterAll(async () => {
  await server?.stop();
});

describe('team store migrations', () => {
  it('are listed in order, every module in migrations/ once', () => {
    expect(teamMigrations().slice(0, 3).map((m) => `${m.version} ${m.name}`)).toEqual(['1 tables', '2 roles', '3 dnc_feed']);
    // A migration file written but not listed would never run: each NNN-name.ts is the NNNth entry.
    const dir = path.join(repoRoot, 'main/team/migrations');
    const files = fs.readdirSync(dir).filter((f) => f !== 'index.ts').sort();
    expect(files.map((f) => f.replace(/^(\d{3})-(.+)\.ts$/, (_, n: string, name: string) => `${Number(n)} ${name.replaceAll('-', '_')}`))).toEqual(teamMigrations().map((m) => `${m.version} ${m.name}`));
  });

  it('a failing migration leaves the schema as it was', async () => {
    const broken = [...teamMigrations(), { version: latest + 1, name: 'broken', sql: 'CREATE TABLE callcue.extra (id int); SELECT 1/0' }];
    await expect(migrateTeam(db, { migrations: broken })).rejects.toThrow(/division by zero/);
    expect(await schemaVersion(db)).toBe(0);
    expect((await db.query("SELECT to_regclass('callcue.calls') AS t")).rows).toEqual([{ t: null }]);
  });

  it('apply once, record their versions, and run again as a no-op', async () => {
    expect(await migrateTeam(db)).toEqual({ from: 0, to: latest });
    expect(await migrateTeam(db)).toEqual({ from: latest, to: latest });
    expect((await db.query('SELECT version, name FROM callcue.schema_version ORDER BY version')).rows).toEqual(teamMigrations().map(({ version, name }) => ({ version, name })));
    expect(await checkSchema(db)).toBe(latest);
  });

  it('refuse a store set up by a newer CallCue, before touching it', async () => {
    await db.query("INSERT INTO callcue.schema_version (version, name) VALUES ($1, 'from_the_future')", [latest + 1]);
    const newer = { code: 'team_schema_newer', message: `This team store was set up by a newer CallCue (version ${latest + 1}); update CallCue.` };
    await expect(migrateTeam(db)).rejects.toMatchObject(newer);
    await expect(checkSchema(db)).rejects.toMatchObject(newer);
    expect(await schemaVersion(db)).toBe(latest + 1);
    await expect(checkSchema(db, latest + 2)).rejects.toMatchObject({ code: 'team_schema_old' });
    // A PC's sync worker is refused too, before pushing anything; its outbox keeps the record.
    const dir = tempDir();
    const store = await MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) });
    await store.call('startOutbox', {});
    await store.call('addDoNotCall', { phones: ['+14155550100'], source: 'manual', addedAt: 1 });
    await expect(new TeamSync({ store, target: server.admin }).pushOnce()).rejects.toMatchObject({ ...newer, retryable: false });
    expect(await store.call('outboxPending', {})).toEqual({ pending: 1, started: true });
    await store.close();
  });
});

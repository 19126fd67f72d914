import { afterAll, describe, expect, it } from 'vitest';
import { LeadErrors, parseLeads, type LeadList } from '../../main/campaign/leads.ts';
import { createHeadlessCore } from '../../main/core/headless.ts';
import { CallcueError } from '../../main/base/errors.ts';
import { createRouter } from '../../main/ipc/router.ts';
import { resources } from '../../locales/index.ts';
import { tempDir } from '../helpers/tmp.ts';

const NOW = Date.UTC(2026, 10, 25, 12, 0);
const plugins = ['insurance', 'appliances'];
const header = 'name,phone,timezone,region,language,plugin,consent_source,consent_date';
const row = (name: string, phone: string, consent = 'web') => `${name},${phone},,CN,zh,insurance,${consent},2026-10-01`;

const read = (file: Uint8Array | string, strict = false) => parseLeads(file, { plugins, now: NOW, strict });
async function failure(file: Uint8Array | string, strict = false): Promise<CallcueError> {
  const error = await read(file, strict).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CallcueError);
  return error as CallcueError;
}
const lines = (list: LeadList) => ({ leads: list.leads.map((l) => l.line), skipped: list.skipped.map((s) => s.line) });

describe('lead lists', () => {
  it('reads a valid list (BOM, zone or region, both languages)', async () => {
    const csv = `\uFEFF${header}\r\n王芳,+8613812345678,,CN,zh,insurance,web form,2026-10-02\r\n"Smith, Ann",+12125550100,America/New_York,US-NY,en,appliances,store visit,2026-11-01\r\n`;
    expect(await read(Buffer.from(csv))).toEqual({
      leads: [
        expect.objectContaining({ line: 2, name: '王芳', phone: '+8613812345678', timeZone: 'Asia/Shanghai', region: 'CN', language: 'zh-CN' }),
        expect.objectContaining({ line: 3, name: 'Smith, Ann', timeZone: 'America/New_York', region: 'US-NY', language: 'en', plugin: 'appliances' }),
      ],
      skipped: [],
    });
  });

  const mixed = [
    header,
    'Ok Person,+8613800000001,,CN,zh,insurance,web,2026-10-01',
    'No Plus,13800000002,,CN,zh,insurance,web,2026-10-01',
    'No Consent,+8613800000003,,CN,zh,insurance,,2026-10-01',
    'Mars,+8613800000004,Mars/Base,,en,insurance,web,2026-10-01',
    'Usa,+12125550101,,US,en,insurance,web,2026-10-01',
    'Future,+8613800000005,,CN,en,cars,web,2027-01-01',
    'Twice,+8613800000001,,CN,zh,insurance,web,2026-10-01',
    'Also ok,+8613800000006,Asia/Shanghai,,en,appliances,web,2026-10-01',
  ].join('\n');
  const reasons = [
    { line: 3, message: 'phone must be E.164, like +8613812345678' },
    { line: 4, message: 'consent_source is empty: no call without recorded consent' },
    { line: 5, message: 'Unknown time zone "Mars/Base" (use an IANA name such as Asia/Shanghai or Europe/London)' },
    { line: 6, message: 'region US spans several time zones: give timezone' },
    { line: 7, message: 'unknown plugin "cars" (insurance, appliances); consent_date 2027-01-01 is in the future' },
    { line: 8, message: '+8613800000001 is already on line 2' },
  ];

  it('imports the good rows and skips each bad one (unconsented too) with its line and reason', async () => {
    const list = await read(mixed);
    expect(list.leads.map((l) => `${l.line}:${l.name}`)).toEqual(['2:Ok Person', '9:Also ok']);
    expect(list.skipped.map(({ line, message }) => ({ line, message }))).toEqual(reasons);
    // The same reasons keyed, for the app's pages in either language.
    expect(list.skipped.map((r) => r.reasons.map((x) => x.key.replace('campaign.rowError.', '')).join('+'))).toEqual(['phone', 'consent_source', 'timezone', 'regionZones', 'unknownPlugin+futureConsent', 'duplicate']);
    expect(list.skipped[5]!.reasons[0]!.vars).toEqual({ phone: '+8613800000001', line: '2' });
  });

  it('strict: any bad row rejects the whole list, with every reason', async () => {
    const error = await failure(mixed, true);
    expect(error).toBeInstanceOf(LeadErrors);
    expect((error as LeadErrors).rows.map(({ line, message }) => ({ line, message }))).toEqual(reasons);
    expect(error.message).toMatch(/^The lead list has 6 bad rows, nothing was imported: line 3: .* \| … 3 more$/);
  });

  it('a list with no good row is rejected even when lenient', async () => {
    const error = await failure([header, row('A', '12345'), row('B', '+8613800000002', '')].join('\n'));
    expect((error as LeadErrors).rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('numbers rows by the line they start on, after quoted newlines and blank lines (LF and CRLF)', async () => {
    for (const eol of ['\n', '\r\n']) {
      const csv = [header, `"Wang${eol}Fang",+8613800000001,,CN,zh,insurance,"web${eol}form",2026-10-01`, '', '   ', row('Bad', '12345'), '', row('Good', '+8613800000002'), ''].join(eol);
      const list = await read(csv);
      expect(lines(list)).toEqual({ leads: [2, 9], skipped: [7] }); // the name spans lines 2-4, then a blank and a blank-looking line
      expect(list.leads[0]!.name).toBe(`Wang${eol}Fang`);
    }
  });

  it('reads semicolon- and tab-separated files', async () => {
    const semicolon = `${header.replaceAll(',', ';')}\n"Smith; Ann";+8613800000001;;CN;en;insurance;web, form;2026-10-01\n`;
    expect((await read(semicolon)).leads).toEqual([expect.objectContaining({ name: 'Smith; Ann', consentSource: 'web, form' })]);
    const tab = `${header.replaceAll(',', '\t')}\nSmith, Ann\t+8613800000001\t\tCN\ten\tinsurance\tweb\t2026-10-01\n`;
    expect((await read(tab)).leads).toEqual([expect.objectContaining({ name: 'Smith, Ann', phone: '+8613800000001' })]);
  });

  it('reads Chinese headers', async () => {
    const csv = '姓名,手机,时区,地区,语言,业务线,同意来源,同意日期\n王芳,+8613800000001,Asia/Shanghai,CN,zh,insurance,网页表单,2026-10-01\n';
    expect((await read(csv)).leads).toEqual([expect.objectContaining({ line: 2, name: '王芳', phone: '+8613800000001', timeZone: 'Asia/Shanghai', region: 'CN', language: 'zh-CN', consentSource: '网页表单' })]);
    expect((await failure('姓名,电话,手机,时区,语言,业务线,同意来源,同意日期\n')).message).toBe('The lead list has the column phone twice ("电话", "手机").');
  });

  it('reads UTF-16 with a BOM, both byte orders', async () => {
    const csv = `${header}\n${row('José Müller', '+8613800000001')}\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    for (const file of [le, Buffer.concat([Buffer.from([0xfe, 0xff]), be])]) expect((await read(file)).leads).toEqual([expect.objectContaining({ name: 'José Müller' })]);
  });

  it('refuses Latin-1, GBK and BOM-less UTF-16 bytes with one clear error, never garbled names', async () => {
    const latin1 = Buffer.from(`${header}\n${row('Ok', '+8613800000001')}\n${row('José', '+8613800000002')}\n`, 'latin1');
    const gbk = Buffer.concat([Buffer.from(`${header}\n`), Buffer.from([0xcd, 0xf5, 0xb7, 0xbc]), Buffer.from(',+8613800000001,,CN,zh,insurance,web,2026-10-01\n')]); // 王芳
    const utf16 = Buffer.from(`${header}\n${row('Ok', '+8613800000001')}\n`, 'utf16le');
    for (const [file, line] of [[latin1, 3], [gbk, 2], [utf16, 1]] as const) {
      const error = await failure(file);
      expect(error).toMatchObject({ code: 'leads_encoding', key: 'campaign.importError.encoding', vars: { line: String(line) } });
      expect(error.message).toBe(`The lead list is not UTF-8 text (line ${line} is not; Latin-1 or GBK files look like this). Save it as "CSV UTF-8" and import it again.`);
    }
  });

  it('an empty or header-only file: the lead list has no leads', async () => {
    for (const file of ['', '\uFEFF', `${header}\n`, `${header}\r\n\r\n,,,,,,,\r\n`, Buffer.from([0xef, 0xbb, 0xbf])]) {
      expect(await failure(file)).toMatchObject({ code: 'leads_empty', message: 'The lead list has no leads: the file is empty or has only its header row.' });
    }
  });

  it('says which columns are missing, what is not CSV and where, and which rows have shifted values', async () => {
    expect(await failure('name,phone\nA,+8613800000001\n')).toMatchObject({ code: 'leads_columns', message: 'The lead list lacks columns: language, plugin, consent_source, consent_date, timezone or region.' });
    const unclosed = await failure(`${header}\r\n${row('A', '+8613800000001')}\r\n\r\n"unclosed,+861,,CN\r\n${row('B', '+8613800000002')}\r\n`);
    expect(unclosed).toMatchObject({ code: 'leads_csv', message: 'The lead list is not valid CSV from line 4: a quote (") opens a value and is never closed.', vars: { line: '4' } });
    const list = await read(`${header}\nSmith, Ann,+8613800000001,,CN,zh,insurance,web,2026-10-01\n${row('Short', '+8613800000002').slice(0, -11)}\n${row('Ok', '+8613800000003')},,\n`);
    expect(list.skipped).toEqual([
      { line: 2, message: '9 values where the header has 8 (is a value with "," in it not in quotes?)', reasons: [{ key: 'campaign.rowError.tooManyValues', vars: { values: '9', width: '8' } }] },
      { line: 3, message: '7 values where the header has 8', reasons: [{ key: 'campaign.rowError.tooFewValues', vars: { values: '7', width: '8' } }] },
    ]);
    expect(list.leads.map((l) => l.line)).toEqual([4]);
  });

  it('every keyed error has its words in both languages', async () => {
    const keyed = await Promise.all([Buffer.from([0xe9]), '', 'name\n', `${header},name\n`, `${header}\n"x\n`].map((f) => failure(f)));
    for (const error of keyed) {
      expect(error.key).toMatch(/^campaign\.importError\./);
      for (const language of Object.values(resources)) expect(error.key!.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], language.translation)).toEqual(expect.any(String));
    }
  });
});

describe('importing a lead list in the app (IPC, real services)', () => {
  const core = createHeadlessCore({ ...process.env, CALLCUE_DATA_DIR: tempDir() });
  const dispatch = createRouter(core.handlers);
  afterAll(() => core.close());
  const send = (text: string | Buffer, strict?: boolean) => dispatch('campaign.importLeads', { file: Buffer.from(text).toString('base64'), ...(strict === undefined ? {} : { strict }) });
  const good = [header, row('A', '+8613800000001'), row('B', '+8613800000002'), row('C', '+8613800000003')].join('\n');
  const twoBad = [header, row('A', '+8613800000001'), row('Bad', '12345'), row('No consent', '+8613800000003', ''), row('D', '+8613800000004')].join('\n');

  it('imports the good rows and reports the skipped ones; strict keeps the previous list', async () => {
    expect(await send(good)).toEqual({ ok: true, value: { leads: 3, skipped: [] } });
    expect(await send(twoBad, true)).toMatchObject({ ok: true, value: { leads: 0, skipped: [{ line: 3, message: 'phone must be E.164, like +8613812345678' }, { line: 4, message: 'consent_source is empty: no call without recorded consent' }] } });
    expect(core.campaigns.status()).toMatchObject({ leads: 3, rowsSkipped: 0 });
    expect(await send(twoBad)).toMatchObject({ ok: true, value: { leads: 2, skipped: [{ line: 3, message: 'phone must be E.164, like +8613812345678' }, { line: 4, message: 'consent_source is empty: no call without recorded consent' }] } });
    expect(core.campaigns.status()).toMatchObject({ leads: 2, rowsSkipped: 2 });
  });

  it('a file that is no lead list is one keyed error', async () => {
    expect(await send(Buffer.from(`${header}\n${row('José', '+8613800000001')}\n`, 'latin1'))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'leads_encoding', key: 'campaign.importError.encoding', vars: { line: '2' } }),
    });
    expect(await send(`${header}\n`)).toEqual({ ok: false, error: expect.objectContaining({ code: 'leads_empty', key: 'campaign.importError.empty' }) });
  });
});

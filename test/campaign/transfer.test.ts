import { describe, expect, it } from 'vitest';
import { botMoveOf } from '../../main/campaign/bot-call.ts';
import type { BotEvent } from '../../main/campaign/bot-turns.ts';
import { recordedBot as bot } from '../helpers/bot-turns.ts';
import { repUri } from '../../main/campaign/sip-line.ts';
import { repsOnDuty, transferLine, transferSetting, wantsPerson } from '../../main/campaign/transfer.ts';
import { callcue } from '../helpers/cli.ts';
import type { SessionEvent } from '../../main/call/pipeline.ts';

const putThrough: BotEvent = { type: 'TURN', move: { kind: 'transfer', line: 'One moment.', fallback: 'A colleague will call you back. When suits you?' } };

describe('warm transfer in the bot’s turn-taking', () => {
  it('says so, rings the rep, and leaves the call once connected: nothing the callee says or presses is answered', () => {
    const b = bot();
    b.send({ type: 'OPENING_SPOKEN' }, { type: 'SPEECH_END' }, putThrough);
    expect(b.state).toBe('transferring');
    expect(b.did).toEqual(['speak:One moment.', 'transfer']);
    // On hold: "ok" from the callee neither holds nor is answered; the line ends without leaving the state.
    b.send({ type: 'SPEECH_START' }, { type: 'TURN', move: { kind: 'answer', line: 'Sure.' } }, { type: 'LINE_SPOKEN' });
    expect(b.state).toBe('transferring');
    b.send({ type: 'TRANSFERRED' });
    expect(b.state).toBe('bridged');
    b.send({ type: 'TURN', move: { kind: 'answer', line: 'Sure.' } }, { type: 'KEY_9' }, { type: 'TIME_UP' }, { type: 'SPEECH_START' });
    expect(b.state).toBe('bridged');
    expect(b.did).toEqual(['speak:One moment.', 'transfer', 'stop']);
    b.send({ type: 'HUNG_UP' });
    expect(b.state).toBe('ended');
  });

  it('no rep: comes back with the callback line and goes on with the call', () => {
    const b = bot();
    b.send({ type: 'OPENING_SPOKEN' }, putThrough, { type: 'TRANSFER_FAILED' });
    expect(b.state).toBe('speaking');
    expect(b.did).toEqual(['speak:One moment.', 'transfer', 'speak:A colleague will call you back. When suits you?']);
    b.send({ type: 'LINE_SPOKEN' });
    expect(b.state).toBe('listening');
  });

  it('a request for a person during the disclosure is put through once the disclosure is spoken', () => {
    const b = bot();
    b.send(putThrough);
    expect(b.state).toBe('disclosing');
    b.send({ type: 'OPENING_SPOKEN' });
    expect(b.state).toBe('transferring');
    expect(b.did).toEqual(['speak:One moment.', 'transfer']);
  });

  it('the key 9 while the rep rings still ends the call with the opt-out', () => {
    const b = bot();
    b.send({ type: 'OPENING_SPOKEN' }, putThrough, { type: 'KEY_9' });
    expect(b.state).toBe('ending');
    expect(b.did.at(-1)).toBe('finish:opt_out_dtmf');
  });
});

const turn = (intent: string, o: { line?: string; optOut?: boolean; lowConfidence?: boolean } = {}) =>
  ({ type: 'turn', intent, state: 'greeting', suggestions: o.line ? [{ text: o.line, rank: 1, source: 'response', rule: '' }] : [], compliance: o.optOut ? { optOut: true } : undefined, ...(o.lowConfidence && { lowConfidence: true }) }) as unknown as Extract<SessionEvent, { type: 'turn' }>;

describe('when the bot puts a callee through', () => {
  it('asking for a person or ready to buy, while a rep can take it; the playbook’s answer is the fallback', () => {
    expect(botMoveOf(turn('ask_human', { line: 'A colleague will call you back.' }), { possible: true, language: 'en' })).toEqual({ kind: 'transfer', line: transferLine('en'), fallback: 'A colleague will call you back.' });
    expect(botMoveOf(turn('ready_to_buy', { line: 'Great!' }), { possible: true, language: 'zh-CN' })).toMatchObject({ kind: 'transfer', line: transferLine('zh-CN') });
    expect(wantsPerson('ask_price')).toBe(false);
  });

  it('never for another intent, a guess, an opt-out, or when no rep can take it (then the callback answer, as before)', () => {
    expect(botMoveOf(turn('ask_price', { line: 'It is 10 a month.' }), { possible: true, language: 'en' })).toEqual({ kind: 'answer', line: 'It is 10 a month.' });
    expect(botMoveOf(turn('ask_human', { line: 'Call back?', lowConfidence: true }), { possible: true, language: 'en' })).toEqual({ kind: 'answer', line: 'Call back?' });
    expect(botMoveOf(turn('ask_human', { line: 'Removed.', optOut: true }), { possible: true, language: 'en' })).toEqual({ kind: 'opt_out', line: 'Removed.' });
    expect(botMoveOf(turn('ask_human', { line: 'Call back?' }), { possible: false, language: 'en' })).toEqual({ kind: 'answer', line: 'Call back?' });
  });

  it('reps are on duty inside the campaign’s transfer hours, in the team’s time zone (a window may span midnight)', () => {
    const at = (iso: string) => Date.parse(iso);
    const day = { to: '201', hours: { start: '09:00', end: '17:00', timeZone: 'Asia/Shanghai' } };
    expect(repsOnDuty(day, at('2026-11-30T01:00:00Z'))).toBe(true); // 09:00 in Shanghai
    expect(repsOnDuty(day, at('2026-11-30T00:59:00Z'))).toBe(false);
    expect(repsOnDuty(day, at('2026-11-30T09:00:00Z'))).toBe(false); // 17:00: closed
    const night = { to: '201', hours: { start: '22:00', end: '06:00', timeZone: 'Etc/UTC' } };
    expect(repsOnDuty(night, at('2026-11-30T23:30:00Z'))).toBe(true);
    expect(repsOnDuty(night, at('2026-11-30T05:59:00Z'))).toBe(true);
    expect(repsOnDuty(night, at('2026-11-30T12:00:00Z'))).toBe(false);
    expect(repsOnDuty({ to: '201' }, at('2026-11-30T03:00:00Z'))).toBe(true);
  });

  it('an extension is dialled on the line’s domain; a SIP URI as it is', () => {
    expect(repUri('201', 'pbx.example.com')).toBe('sip:201@pbx.example.com');
    expect(repUri('sip:201@10.0.0.5:5070', 'pbx.example.com')).toBe('sip:201@10.0.0.5:5070');
  });
});

describe('the transfer setting (autopilot --transfer-to, the campaign screen)', () => {
  const sip = 'sip:bot@pbx.example.com';
  it('takes an extension or a SIP URI, hours HH:MM-HH:MM in a zone (this PC’s by default), and nothing without a phone', () => {
    expect(transferSetting({ line: sip })).toBeUndefined();
    expect(transferSetting({ to: '201', line: sip })).toEqual({ to: '201' });
    expect(transferSetting({ to: 'sip:201@10.0.0.5:5070;transport=tls', line: sip })).toEqual({ to: 'sip:201@10.0.0.5:5070;transport=tls' });
    expect(transferSetting({ to: '201', hours: '22:00-02:00', timeZone: 'Asia/Shanghai', line: sip })).toEqual({ to: '201', hours: { start: '22:00', end: '02:00', timeZone: 'Asia/Shanghai' } });
    expect(transferSetting({ to: '201', hours: { start: '09:00', end: '18:00' }, line: sip })?.hours).toEqual({ start: '09:00', end: '18:00', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
  });

  it('refuses what it cannot ring, each with its key and field for the screen', () => {
    const refused = (o: Parameters<typeof transferSetting>[0]) => {
      try {
        transferSetting(o);
      } catch (error) {
        return { key: (error as { key: string }).key, field: (error as { field: string }).field };
      }
      throw new Error('accepted');
    };
    // A space, quote or line break would end up in a SIP request line.
    for (const to of ['20 1', 'sip:201@pbx.example.com\r\nVia: x', '<sip:201@pbx>', '"201"', 'sip:pbx.example.com', '']) expect(refused({ to, line: sip })).toEqual({ key: 'campaign.errors.transferTo', field: 'transferTo' });
    expect(refused({ to: '201', line: 'virtual' })).toEqual({ key: 'campaign.errors.transferLine', field: 'transferTo' });
    for (const hours of ['9-17', '09:00-09:00', '24:00-02:00', '09:00']) expect(refused({ to: '201', hours, line: sip })).toEqual({ key: 'campaign.errors.transferHours', field: 'transferHours' });
    expect(refused({ to: '201', hours: { start: '09:00', end: '' }, line: sip })).toMatchObject({ field: 'transferHours' });
    expect(refused({ to: '201', hours: '09:00-17:00', timeZone: 'Mars/Olympus', line: sip })).toMatchObject({ field: 'transferHours' });
    expect(refused({ to: '201', timeZone: 'Asia/Shanghai', line: sip })).toMatchObject({ field: 'transferHours' });
    expect(refused({ hours: '09:00-17:00', line: sip })).toMatchObject({ field: 'transferTo' });
  });

  it('autopilot says a bad value in one line and exits 2, before reading the lead list', () => {
    const bad = [
      [['--line', sip, '--transfer-to', 'two oh one'], /--transfer-to must be an extension like 201 or a SIP URI/],
      [['--transfer-to', '201'], /--transfer-to needs a SIP line/],
      [['--line', sip, '--transfer-to', '201', '--transfer-hours', '9-5'], /--transfer-hours must be two different times HH:MM-HH:MM/],
      [['--line', sip, '--transfer-to', '201', '--transfer-hours', '09:00-17:00', '--transfer-zone', 'Nowhere/Land'], /--transfer-zone must be an IANA time zone/],
    ] as const;
    for (const [args, message] of bad) {
      const run = callcue(['autopilot', '--campaign', 'no-such-leads.csv', ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
  });
});

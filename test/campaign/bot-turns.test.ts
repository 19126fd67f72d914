import { describe, expect, it } from 'vitest';
import type { BotEvent } from '../../main/campaign/bot-turns.ts';
import { recordedBot as bot } from '../helpers/bot-turns.ts';

const answer = (line: string): BotEvent => ({ type: 'TURN', move: { kind: 'answer', line } });

describe('the bot’s turn-taking', () => {
  it('discloses without interruption (held, never cut, while the callee speaks over it), then listens, thinks, and answers', () => {
    const b = bot();
    expect(b.state).toBe('disclosing');
    b.send({ type: 'SPEECH_START' }, { type: 'SPEECH_CONFIRMED' });
    expect(b.state).toBe('disclosing');
    b.send({ type: 'SPEECH_END' });
    expect(b.did).toEqual(['hold', 'resume']);
    b.did.length = 0;
    b.send({ type: 'OPENING_SPOKEN' });
    expect(b.state).toBe('listening');
    b.send({ type: 'SPEECH_END' });
    expect(b.state).toBe('thinking');
    b.send({ type: 'SPEECH_START' });
    expect(b.state).toBe('listening');
    b.send({ type: 'SPEECH_END' }, answer('It is 114 yuan a month.'));
    expect(b.state).toBe('speaking');
    b.send({ type: 'LINE_SPOKEN' });
    expect(b.state).toBe('listening');
    expect(b.did).toEqual(['speak:It is 114 yuan a month.']);
  });

  it('a turn that comes during the disclosure is answered once the disclosure is spoken', () => {
    const b = bot();
    b.send(answer('Sure.'));
    expect(b.state).toBe('disclosing');
    b.send({ type: 'OPENING_SPOKEN' });
    expect(b.state).toBe('speaking');
    expect(b.did).toEqual(['speak:Sure.']);
  });

  it('barge-in: holds at the first sound, yields on confirmed speech, goes on after a backchannel', () => {
    const b = bot();
    b.send({ type: 'OPENING_SPOKEN' }, answer('Our health cover…'));
    b.send({ type: 'SPEECH_START' });
    expect(b.state).toBe('held');
    b.send({ type: 'SPEECH_DROPPED' });
    expect(b.state).toBe('speaking');
    b.send({ type: 'SPEECH_START' }, { type: 'SPEECH_CONFIRMED' });
    expect(b.state).toBe('listening');
    expect(b.did).toEqual(['speak:Our health cover…', 'hold', 'resume', 'hold', 'stop']);
  });

  it('a short sound that ends before it is confirmed (a backchannel) lets the line go on', () => {
    const b = bot();
    b.send({ type: 'OPENING_SPOKEN' }, answer('line'), { type: 'SPEECH_START' }, { type: 'SPEECH_END' });
    expect(b.state).toBe('speaking');
    expect(b.did).toEqual(['speak:line', 'hold', 'resume']);
  });

  it('a newer turn is said after the line being said', () => {
    const b = bot();
    b.send({ type: 'OPENING_SPOKEN' }, answer('first'), answer('second'));
    expect(b.state).toBe('speaking');
    expect(b.did).toEqual(['speak:first', 'speak:second']);
  });

  it.each([
    ['opt-out by speech', { type: 'TURN', move: { kind: 'opt_out', line: 'Sorry, goodbye.' } } as BotEvent, 'finish:opt_out_speech:Sorry, goodbye.'],
    ['the playbook’s wrap-up', { type: 'TURN', move: { kind: 'wrap_up', line: 'Talk soon.' } } as BotEvent, 'finish:wrap_up:Talk soon.'],
    ['key 9', { type: 'KEY_9', line: 'Removed.' } as BotEvent, 'finish:opt_out_dtmf:Removed.'],
    ['an answering machine', { type: 'VOICEMAIL' } as BotEvent, 'finish:voicemail'],
    ['the time limit', { type: 'TIME_UP' } as BotEvent, 'finish:time_up'],
  ])('%s ends the call once, with its last line; nothing after it starts a line', (_what, event, finish) => {
    const b = bot();
    b.send({ type: 'OPENING_SPOKEN' }, event);
    expect(b.state).toBe('ending');
    b.send(answer('too late'), { type: 'KEY_9' }, { type: 'TIME_UP' });
    expect(b.did).toEqual([finish]);
    b.send({ type: 'HUNG_UP' });
    expect(b.state).toBe('ended');
  });

  it('stop during barge-in: the callee hanging up while the bot is held ends the call from any state', () => {
    const b = bot();
    b.send({ type: 'OPENING_SPOKEN' }, answer('line'), { type: 'SPEECH_START' });
    expect(b.state).toBe('held');
    b.send({ type: 'HUNG_UP' });
    expect(b.state).toBe('ended');
    b.send(answer('never'));
    expect(b.did).toEqual(['speak:line', 'hold']);
  });

  it('an answering machine with a message: silent until the beep, then the message once and the end', () => {
    const b = bot();
    b.send({ type: 'SPEECH_START' }, { type: 'VOICEMAIL', message: 'Call us back.' });
    expect(b.state).toBe('voicemail');
    // The greeting's own turn is not answered, and a second verdict changes nothing.
    b.send(answer('Sure.'), { type: 'OPENING_SPOKEN' }, { type: 'SPEECH_END' }, { type: 'VOICEMAIL', message: 'again' });
    expect(b.state).toBe('voicemail');
    b.send({ type: 'BEEP' });
    expect(b.state).toBe('ending');
    b.send({ type: 'BEEP' }, { type: 'NO_BEEP' });
    expect(b.did).toEqual(['hold', 'stop', 'finish:voicemail_left:Call us back.']);
  });

  it('a machine that never beeps is hung up on without a message', () => {
    const b = bot();
    b.send({ type: 'VOICEMAIL', message: 'Call us back.' }, { type: 'NO_BEEP' });
    expect(b.did).toEqual(['stop', 'finish:voicemail']);
  });

  it('a person who picks up over their machine gets the opening again, and the call goes on', () => {
    const b = bot();
    b.send({ type: 'VOICEMAIL', message: 'Call us back.' }, { type: 'PICKED_UP' });
    expect(b.state).toBe('disclosing');
    b.send({ type: 'OPENING_SPOKEN' }, { type: 'SPEECH_END' }, answer('Great.'));
    expect(b.did).toEqual(['stop', 'open', 'speak:Great.']);
  });

  it('key 9 during the disclosure opts out at once', () => {
    const b = bot();
    b.send({ type: 'KEY_9', line: 'Removed.' });
    expect(b.state).toBe('ending');
    expect(b.did).toEqual(['finish:opt_out_dtmf:Removed.']);
  });
});

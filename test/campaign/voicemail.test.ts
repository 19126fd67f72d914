import { describe, expect, it } from 'vitest';
import { voicemailSetting } from '../../main/campaign/screening.ts';
import { callcue } from '../helpers/cli.ts';
import { AnsweringMachineDetector, soundsLikeMachine, voicemailMessage, type AmdReport } from '../../main/campaign/voicemail.ts';

/** A detector fed a script of (time ms, what): voice activity, words, tones; the clock ticks every 32 ms up to `until`. */
function screen(script: [number, 'start' | 'end' | { words: string } | { beep: number }][], until: number): string[] {
  const reports: AmdReport[] = [];
  const amd = new AnsweringMachineDetector((r) => reports.push(r));
  const steps = [...script].sort((a, b) => a[0] - b[0]);
  for (let t = 0; t <= until; t += 32) {
    while (steps.length && steps[0]![0] <= t) {
      const [at, what] = steps.shift()!;
      if (what === 'start') amd.speechStart(at);
      else if (what === 'end') amd.speechEnd(at);
      else if ('words' in what) amd.words(what.words, at);
      else amd.tone({ hz: 1000, startMs: at - what.beep, endMs: at });
    }
    amd.clock(t);
  }
  return reports.map((r) => (r.type === 'machine' || r.type === 'human' ? `${r.type}:${r.why}` : r.type));
}

describe('answering-machine detection from the first seconds', () => {
  it('a person says "hello?" and waits: a person', () => {
    expect(screen([[400, 'start'], [1100, 'end']], 10_000)).toEqual(['human:short_then_pause']);
  });

  it('a greeting: long continuous speech from the start is a machine; then its beep, once', () => {
    expect(screen([[300, 'start'], [6800, 'end'], [7400, { beep: 500 }]], 12_000)).toEqual(['machine:long_greeting', 'beep']);
  });

  it('a greeting with no beep: the wait ends a few seconds after the greeting', () => {
    const reports = screen([[300, 'start'], [6800, 'end']], 20_000);
    expect(reports).toEqual(['machine:long_greeting', 'no_beep']);
  });

  it('a short greeting whose words give it away, or its beep, is a machine even after a short first turn', () => {
    expect(screen([[300, 'start'], [2200, 'end'], [2900, { words: 'Please leave a message.' }], [3100, { beep: 400 }]], 6000)).toEqual(['human:short_then_pause', 'machine:words', 'beep']);
    expect(screen([[300, 'start'], [2000, 'end'], [2600, { beep: 600 }]], 6000)).toEqual(['human:short_then_pause', 'machine:beep', 'beep']);
  });

  it('a person who picks up while their machine greets: a short turn after the greeting, then a pause without a beep', () => {
    expect(screen([[300, 'start'], [5200, 'end'], [5600, 'start'], [6300, 'end']], 9000)).toEqual(['machine:long_greeting', 'human:picked_up']);
  });

  it('the beep heard as a short turn after the greeting is not a person picking up', () => {
    expect(screen([[300, 'start'], [6000, 'end'], [6300, 'start'], [6800, { beep: 500 }], [7400, 'end']], 12_000)).toEqual(['machine:long_greeting', 'beep']);
  });

  it('words or tones once the conversation is under way change nothing; a callee who first speaks late is a person', () => {
    expect(screen([[3000, 'start'], [8000, 'end'], [16_000, { words: 'leave a message' }], [17_000, { beep: 500 }]], 20_000)).toEqual(['human:short_then_pause']);
  });

  it('knows machine greetings in English and Mandarin, not ordinary answers', () => {
    for (const t of ["Hi, you've reached Sam, please leave a message after the tone.", 'The person you are calling is not available.', '请在提示音后留言', '您拨打的电话暂时无法接通', '我现在不方便，请留言']) expect(soundsLikeMachine(t), t).toBe(true);
    for (const t of ['Hello?', 'Yes, who is this?', '喂，你好？', '哪位？', 'How much is it?']) expect(soundsLikeMachine(t), t).toBe(false);
  });

  it('the message says who calls, that it is an AI, the number to call back, and how to opt out, in both languages', () => {
    const en = voicemailMessage('en', { company: 'Sunrise Insurance', callbackNumber: '+1 415 555 0100' });
    expect(en).toMatch(/AI assistant calling for Sunrise Insurance/);
    expect(en).toContain('1 4 1 5 5 5 5 0 1 0 0');
    expect(en).toMatch(/remove me/);
    const zh = voicemailMessage('zh-CN', { company: '旭日保险', callbackNumber: '+8640012345' });
    expect(zh).toMatch(/旭日保险的AI智能助理/);
    expect(zh).toContain('8 6 4 0 0 1 2 3 4 5');
    expect(zh).toMatch(/不要再打了/);
  });

  it('the setting: a message only with a callback number to name; by default, with one, the message is left', () => {
    expect(voicemailSetting(undefined, undefined)).toEqual({ policy: 'hang_up' });
    expect(voicemailSetting(undefined, '+14155550100')).toEqual({ policy: 'leave_message', callbackNumber: '+14155550100' });
    expect(voicemailSetting('hang_up', '+14155550100')).toEqual({ policy: 'hang_up' });
    expect(() => voicemailSetting('leave_message', undefined)).toThrow(/needs a callback number/);
    const run = callcue(['autopilot', '--campaign', 'leads.csv', '--voicemail', 'leave-message']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--voicemail leave-message needs --callback-number/);
    expect(callcue(['autopilot', '--campaign', 'leads.csv', '--voicemail', 'sometimes']).stderr).toMatch(/--voicemail must be hang-up or leave-message/);
  });
});

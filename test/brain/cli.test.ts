import { describe, expect, it } from 'vitest';
import { callcue } from '../helpers/cli.ts';

describe('callcue classify', () => {
  it('writes one JSON object per input line, in both languages', () => {
    const { code, stdout, stderr } = callcue(['classify', '--plugin', 'insurance', '--timezone', 'Asia/Shanghai'], {}, 'please stop calling me\n\n明天下午三点再打给我\nhow much is accident cover?\n');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    // Line N of the output answers line N of the input, the blank one too.
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ text: 'please stop calling me', intent: 'opt_out', language: 'en', entities: [] });
    expect(lines[1]).toEqual({ text: '', intent: null, confidence: 0, language: null, entities: [] });
    expect(lines[2]).toMatchObject({ intent: 'request_callback', language: 'zh-CN', entities: [{ entity: 'datetime', value: expect.stringMatching(/T15:00:00\+08:00$/) }] });
    expect(lines[3]).toMatchObject({ intent: 'ask_price', entities: [{ entity: 'product', value: 'accident' }] });
    for (const l of lines) expect(Object.keys(l)).toEqual(['text', 'intent', 'confidence', 'language', 'entities']);
  });

  it.each([
    [['classify', '--plugin', 'cars'], /No plugin "cars" \(installed: appliances, insurance\)/],
    [['classify', '--lang', 'fr'], /--lang must be zh or en or auto/],
    [['classify', '--timezone', 'Mars/Olympus'], /Unknown time zone "Mars\/Olympus"/],
    [['chat', '--mode', 'robot'], /--mode must be assist or auto, not "robot"/],
    [['chat', '--timezone', 'Nowhere'], /Unknown time zone "Nowhere"/],
  ])('%j: one clear line before any output, exit 2', (args, message) => {
    const { code, stderr, stdout } = callcue(args, {}, 'hi\n');
    expect(stdout).toBe('');
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});

describe('callcue chat', () => {
  it('plays a call: state, intent and suggestions per customer line, checklist from rep lines', () => {
    const { code, stdout } = callcue(['chat', '--plugin', 'appliances', '--lang', 'en'], {}, "hello?\n> hi, this is Tom from BrightHome\nhow much is the fridge\ntoo expensive\nremove me from your list\n");
    expect(code).toBe(0);
    expect(stdout).toContain('Home appliances · assist · greeting');
    expect(stdout).toMatch(/intent ask_price \([\d.]+\) · product=fridge · greeting → needs/);
    expect(stdout).toContain('1. The 400 L double-door fridge is ¥2,499.');
    expect(stdout).toContain('✔ Introduce yourself and the store');
    expect(stdout).toMatch(/card: Price: it's too expensive/);
    expect(stdout).toMatch(/opt-out: number goes on the do-not-call list/);
    expect(stdout.trim().split('\n').at(-1)).toBe('call ended in wrap_up; outcome: opted_out');
  });

  it('--json prints machine-readable turns without the utterance text', () => {
    const { stdout } = callcue(['chat', '--plugin', 'insurance', '--lang', 'zh', '--mode', 'auto', '--json'], {}, '你是机器人吗\n');
    const events = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => e.type)).toEqual(['opening', 'turn', 'end']);
    expect(events[1]).toMatchObject({ compliance: { askIfBot: true }, nlu: { intent: 'ask_if_bot' } });
    expect(events[1].nlu.text).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { CallEvent, SuggestionView } from '../../preload/contract.ts';
import { applyEvent, attachedView, idleView, lastCustomerLine, type CallView } from '../../renderer/src/call/view.ts';

const lines = (...texts: string[]): SuggestionView[] => texts.map((text, i) => ({ rank: i + 1, text, source: 'state', rule: 'test' }));
const say = (id: string, channel: 'rep' | 'customer', text: string, kind: 'partial' | 'final' = 'final'): CallEvent => ({ type: 'transcript', kind, id, channel, text, t0: 0, t1: 1, asr: 'reference' });
const turn = (id: string, intent: string, confidence: number, extra: { lowConfidence?: true } = {}): CallEvent => ({
  type: 'turn',
  id,
  speech_stop_to_suggestion_ms: 612,
  eot_to_suggestion_ms: 12,
  speech_stop_to_shown_ms: 612,
  asr: 'reference',
  intent,
  confidence,
  language: 'en',
  from: 'greeting',
  state: 'product_intro',
  goal: 'Introduce',
  suggestions: lines('a', 'b'),
  outcome: 'in_progress',
  checklist: [],
  ...extra,
});
const play = (events: CallEvent[], from: CallView = idleView) => events.reduce((v, e) => ({ ...v, ...applyEvent(v, e) }), from);
const started: CallEvent = { type: 'started', callId: 'call-1', asr: 'reference' };

describe('the call view (renderer/src/call/view.ts)', () => {
  it('suggestions go stale when the customer speaks again, and current when the brain answers', () => {
    const answered = play([started, { type: 'opening', state: 'greeting', suggestions: lines('hello') }, say('c1', 'customer', 'hi'), turn('c1', 'greet', 0.9)]);
    expect(answered.suggestionsAre).toBe('current');
    // The rep talking does not make them stale; the customer does, from the first partial.
    expect(play([say('r1', 'rep', 'so, about cover')], answered).suggestionsAre).toBe('current');
    const speaking = play([say('c2', 'customer', 'too exp', 'partial')], answered);
    expect(speaking.suggestionsAre).toBe('stale');
    expect(speaking.suggestions).toEqual(answered.suggestions);
    expect(play([say('c2', 'customer', 'too expensive'), turn('c2', 'objection_price', 0.8)], speaking).suggestionsAre).toBe('current');
    // The opening lines go stale too when the customer speaks first.
    expect(play([started, { type: 'opening', state: 'greeting', suggestions: lines('hello') }, say('c1', 'customer', 'hello?', 'partial')]).suggestionsAre).toBe('stale');
  });

  it('shows suggestions prepared from the words so far, marked, until the turn confirms or replaces them', () => {
    const answered = play([started, say('c1', 'customer', 'hi'), turn('c1', 'greet', 0.9)]);
    const prepared: CallEvent = { type: 'prepared', id: 'c2', intent: 'objection_price', confidence: 0.8, state: 'objection_handling', goal: 'Handle it', suggestions: lines('cheaper plan'), card: { intent: 'objection_price', title: 'Price', tips: ['Anchor value'] } };
    const speaking = play([say('c2', 'customer', 'too exp', 'partial'), prepared], answered);
    expect(speaking).toMatchObject({ suggestionsAre: 'prepared', suggestions: lines('cheaper plan'), card: { title: 'Price' }, answers: 'c2', intent: { name: 'objection_price', confidence: 0.8, lowConfidence: false }, latencyMs: undefined });
    // More words of the same turn: still the prepared answer (not stale); the turn makes it current.
    expect(play([say('c2', 'customer', 'too expensive', 'partial')], speaking).suggestionsAre).toBe('prepared');
    const confirmed = play([say('c2', 'customer', 'too expensive'), { ...(turn('c2', 'objection_price', 0.9) as Extract<CallEvent, { type: 'turn' }>), speech_stop_to_shown_ms: -350, prepared: 'confirmed' }], speaking);
    expect(confirmed).toMatchObject({ suggestionsAre: 'current', latencyMs: -350 });
  });

  it('says "ended" only after an end: a running call\'s provisional outcome is not an end', () => {
    const live = play([started, turn('c1', 'greet', 0.9)]);
    expect(live.status).toBe('live');
    expect(live.outcome).toBeUndefined();
    expect(play([{ type: 'ended', callId: 'call-1', outcome: 'interested', state: 'closing', turns: 3, speech_stop_to_suggestion_ms: [], eot_to_suggestion_ms: [], speech_stop_to_shown_ms: [], prepared: { confirmed: 0, replaced: 0 } }], live)).toMatchObject({ status: 'ended', outcome: 'interested' });
  });

  it('carries the low-confidence mark of a turn', () => {
    expect(play([started, turn('c1', 'affirm', 0.33, { lowConfidence: true })]).intent).toEqual({ name: 'affirm', confidence: 0.33, lowConfidence: true });
    expect(play([started, turn('c1', 'affirm', 0.93)]).intent?.lowConfidence).toBe(false);
  });

  it('a page loaded mid-call attaches: live, the latest suggestions replayed, stale if the customer spoke since', () => {
    const status = { state: 'live' as const, callId: 'call-1', asr: 'whisper base', capture: [], replay: [turn('c1', 'greet', 0.9), { type: 'checklist', items: [{ id: 'introduce', label: 'Introduce', done: true }] } as CallEvent] };
    const fresh = attachedView(idleView, status);
    expect(fresh).toMatchObject({ status: 'live', callId: 'call-1', asr: 'whisper base', state: 'product_intro', suggestionsAre: 'current', checklist: [{ id: 'introduce', done: true }] });
    // Words queued for the page while it reloaded are newer than the replayed turn.
    const queued = play([say('c2', 'customer', 'wait, what?')]);
    expect(attachedView(queued, status).suggestionsAre).toBe('stale');
    expect(attachedView({ ...idleView, status: 'ended', outcome: 'in_progress' }, { ...status, state: 'ending' })).toMatchObject({ status: 'ending', outcome: undefined });
  });

  it('keeps the customer\'s last words for compact mode', () => {
    const v = play([started, say('c1', 'customer', 'hello'), say('r1', 'rep', 'hi there'), say('c2', 'customer', 'how much is it', 'partial')]);
    expect(lastCustomerLine(v)).toMatchObject({ id: 'c2', text: 'how much is it', partial: true });
    expect(lastCustomerLine(idleView)).toBeUndefined();
  });
});

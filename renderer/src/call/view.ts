import type { CallEvent, CallStatus, ChecklistItemView, SuggestionView } from '../../../preload/contract.ts';

export interface TranscriptLine {
  id: string;
  channel: 'rep' | 'customer';
  text: string;
  partial: boolean;
  t0: number;
}

/**
 * The call's lifecycle on this page. `ended` is its own state so that "Call ended" is said only after an end, never
 * read off a running call's provisional outcome; `ending` keeps End on screen (disabled) until main confirms.
 */
export type CallPhase = 'idle' | 'starting' | 'live' | 'ending' | 'ended';

export interface CallView {
  status: CallPhase;
  callId?: string;
  asr?: string;
  lines: TranscriptLine[];
  state?: string;
  goal?: string;
  intent?: { name: string; confidence: number; lowConfidence: boolean };
  suggestions: SuggestionView[];
  /**
   * `current`: the suggestions answer the customer's latest words. `stale`: the customer has spoken again and new
   * ones are on their way (the old ones stay readable, marked). `prepared`: they answer the customer's words so far,
   * while their turn goes on or its end is decided; the turn confirms or replaces them.
   */
  suggestionsAre: 'current' | 'stale' | 'prepared';
  /** The customer turn the suggestions answer; none for the opening lines. */
  answers?: string;
  used?: number;
  card?: { title: string; tips: string[] };
  checklist: ChecklistItemView[];
  compliance?: { optOut?: true; askIfBot?: true };
  /** How the call ended; set only in `ended`. */
  outcome?: string;
  latencyMs?: number;
  /** How the customer is being heard: shown when recognition falls behind or misses too many turns. */
  hearing?: { behindMs: number; merged: number; unheard: number; turns: number; alert: boolean; justMerged: boolean };
  error?: string;
}

/** Past this, the rep is told recognition is behind (a suggestion this late answers words said a while ago). */
export const BEHIND_MS = 2000;

/** Recognition is behind: the latest customer turn came late, or was merged into the next to catch up. */
export const isBehind = (v: CallView): boolean => !!v.hearing && (v.hearing.behindMs > BEHIND_MS || v.hearing.justMerged);

export const idleView: CallView = { status: 'idle', lines: [], suggestions: [], suggestionsAre: 'current', checklist: [] };

/** Kept transcript lines: enough to scroll back through a long call, bounded so memory stays flat. */
const MAX_LINES = 200;

/** What a call event changes in the view (pure: the model applies it, tests call it directly). */
export function applyEvent(v: CallView, event: CallEvent): Partial<CallView> {
  switch (event.type) {
    case 'started':
      return { status: 'live', callId: event.callId, asr: event.asr, hearing: undefined };
    case 'opening':
      return { state: event.state, suggestions: event.suggestions, suggestionsAre: 'current', answers: undefined, used: undefined };
    case 'transcript': {
      const line = { id: event.id, channel: event.channel, text: event.text, partial: event.kind === 'partial', t0: event.t0 };
      const lines = v.lines.some((l) => l.id === event.id) ? v.lines.map((l) => (l.id === event.id ? line : l)) : [...v.lines, line];
      // The customer speaking past the turn the suggestions answer makes them stale until the brain answers anew.
      const speaking = event.channel === 'customer' && event.id !== v.answers;
      return { lines: lines.slice(-MAX_LINES), ...(speaking && { suggestionsAre: 'stale' as const }) };
    }
    case 'turn':
      return {
        state: event.state,
        goal: event.goal,
        intent: { name: event.intent, confidence: event.confidence, lowConfidence: event.lowConfidence === true },
        suggestions: event.suggestions,
        suggestionsAre: 'current',
        answers: event.id,
        used: event.used,
        card: event.card,
        checklist: event.checklist,
        compliance: event.compliance,
        // What the rep waited: a prepared answer the turn confirmed was on screen from when it was prepared.
        latencyMs: event.speech_stop_to_shown_ms,
      };
    case 'prepared':
      // What the turn will answer if the customer says nothing more: its intent too; the latency is the turn's to say.
      return {
        intent: { name: event.intent, confidence: event.confidence, lowConfidence: event.lowConfidence === true },
        suggestions: event.suggestions,
        suggestionsAre: 'prepared',
        answers: event.id,
        used: undefined,
        card: event.card,
        compliance: event.compliance,
        goal: event.goal,
        latencyMs: undefined,
      };
    case 'checklist':
      return { checklist: event.items };
    case 'hearing': {
      const { type: _, ...hearing } = event;
      // A merge is news until the next turn: one heard in time clears the note.
      return { hearing: { ...hearing, justMerged: hearing.merged > (v.hearing?.merged ?? 0) } };
    }
    case 'error':
      return { error: event.message };
    case 'ended':
      return { status: 'ended', outcome: event.outcome, state: event.state };
  }
}

/** The view of a call main is already running (a page loaded mid-call): its state, then its latest events replayed. */
export function attachedView(v: CallView, status: Exclude<CallStatus, { state: 'idle' }>): CallView {
  const base: CallView = { ...v, status: status.state, callId: status.callId, asr: status.asr, outcome: undefined, error: undefined };
  const view = status.replay.reduce((view, event) => ({ ...view, ...applyEvent(view, event) }), base);
  // Words the customer said while the page was away (queued for it) may be newer than the replayed turn.
  const last = lastCustomerLine(view);
  return last && last.id !== view.answers ? { ...view, suggestionsAre: 'stale' } : view;
}

/** Main has the call: End is what the rep can do (shown, disabled, while it ends). */
export const inCall = (v: CallView): boolean => v.status === 'live' || v.status === 'ending';

/** The customer's latest words: the one line compact mode keeps of the transcript. */
export function lastCustomerLine(v: CallView): TranscriptLine | undefined {
  return v.lines.findLast((l) => l.channel === 'customer');
}

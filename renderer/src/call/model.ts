import type { CallEvent, CallSource, ChecklistItemView, SuggestionView } from '../../../preload/contract.ts';
import { startPageCapture } from '../capture/page-capture.ts';
import { unwrap } from '../service.ts';

export interface TranscriptLine {
  id: string;
  channel: 'rep' | 'customer';
  text: string;
  partial: boolean;
  t0: number;
}

export interface CallView {
  status: 'idle' | 'starting' | 'live' | 'ending';
  callId?: string;
  asr?: string;
  lines: TranscriptLine[];
  state?: string;
  goal?: string;
  intent?: { name: string; confidence: number };
  suggestions: SuggestionView[];
  used?: number;
  card?: { title: string; tips: string[] };
  checklist: ChecklistItemView[];
  compliance?: { optOut?: true; askIfBot?: true };
  outcome?: string;
  latencyMs?: number;
  error?: string;
}

const idle: CallView = { status: 'idle', lines: [], suggestions: [], checklist: [] };

/**
 * The call as the screen sees it, outside React: it follows main's call events and the rep's actions, and
 * components read it through `useCall()`. Transcript text lives here, in memory, only while the window is open.
 */
export class CallModel {
  #view: CallView = idle;
  readonly #listeners = new Set<() => void>();
  /** Stops what the page captures for the call (this PC's sound output, a page input), if anything. */
  #stopCapture: (() => void)[] = [];

  constructor() {
    window.callcue.on('call.event', (event) => this.#apply(event));
  }

  get view(): CallView {
    return this.#view;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  };

  async start(plugin: string, language: 'en' | 'zh-CN', source: CallSource = 'sample'): Promise<void> {
    this.#set({ ...idle, status: 'starting' });
    try {
      const { callId, asr, capture } = await unwrap(window.callcue.calls.start({ plugin, language, source }));
      this.#set({ status: 'live', callId, asr });
      try {
        for (const c of capture) this.#stopCapture.push(await startPageCapture(c));
      } catch (error) {
        // No sound to listen to (permission refused, no device): the call ends at once and says why.
        await this.stop();
        this.#set({ error: (error as Error).message });
      }
    } catch (error) {
      this.#set({ ...idle, error: (error as Error).message });
    }
  }

  #endCapture(): void {
    for (const stop of this.#stopCapture.splice(0)) stop();
  }

  async stop(): Promise<void> {
    if (this.#view.status !== 'live') return;
    this.#set({ status: 'ending' });
    this.#endCapture();
    try {
      const summary = await unwrap(window.callcue.calls.stop());
      this.#set({ status: 'idle', outcome: summary.outcome });
    } catch (error) {
      this.#set({ status: 'idle', error: (error as Error).message });
    }
  }

  /** The rep said suggestion `rank` (keys 1, 2, 3). */
  async use(rank: number): Promise<void> {
    if (this.#view.status !== 'live' || !this.#view.suggestions.some((s) => s.rank === rank)) return;
    const { used } = await unwrap(window.callcue.calls.useSuggestion({ rank }));
    if (used) this.#set({ used: rank });
  }

  #apply(event: CallEvent): void {
    const v = this.#view;
    switch (event.type) {
      case 'started':
        return this.#set({ status: 'live', callId: event.callId, asr: event.asr });
      case 'opening':
        return this.#set({ state: event.state, suggestions: event.suggestions, used: undefined });
      case 'transcript': {
        const line = { id: event.id, channel: event.channel, text: event.text, partial: event.kind === 'partial', t0: event.t0 };
        const lines = v.lines.some((l) => l.id === event.id) ? v.lines.map((l) => (l.id === event.id ? line : l)) : [...v.lines, line];
        return this.#set({ lines: lines.slice(-200) });
      }
      case 'turn':
        return this.#set({
          state: event.state,
          goal: event.goal,
          intent: { name: event.intent, confidence: event.confidence },
          suggestions: event.suggestions,
          used: undefined,
          card: event.card,
          checklist: event.checklist,
          compliance: event.compliance,
          outcome: event.outcome,
          latencyMs: event.eot_to_suggestion_ms,
        });
      case 'checklist':
        return this.#set({ checklist: event.items });
      case 'error':
        return this.#set({ error: event.message });
      case 'ended':
        this.#endCapture();
        return this.#set({ status: 'idle', outcome: event.outcome, state: event.state });
    }
  }

  #set(patch: Partial<CallView>): void {
    this.#view = { ...this.#view, ...patch };
    for (const listener of this.#listeners) listener();
  }
}

import type { CallEvent, CallSource, CallStatus } from '../../../preload/contract.ts';
import { startPageCapture } from '../capture/page-capture.ts';
import { ServiceError, unwrap } from '../service.ts';
import { applyEvent, attachedView, idleView, type CallView } from './view.ts';

export type { CallView, TranscriptLine } from './view.ts';

/**
 * The call as the screen sees it, outside React: it follows main's call events and the rep's actions, and
 * components read it through `useCall()`. Transcript text lives here, in memory, only while the window is open.
 */
export class CallModel {
  #view: CallView = idleView;
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

  /**
   * Follows the call main is running, if any: a page (re)loaded mid-call shows it again, resumes what it captured,
   * and can end it. Called once the page has subscribed to events (after `app.ready`).
   */
  async attach(): Promise<void> {
    const status = await unwrap(window.callcue.calls.status()).catch((error: Error) => this.#set({ error: error.message }));
    if (status) await this.#follow(status);
  }

  async start(plugin: string, language: 'en' | 'zh-CN', source: CallSource = 'sample'): Promise<void> {
    this.#set({ ...idleView, status: 'starting' });
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
      this.#set({ ...idleView, error: (error as Error).message });
      // Another page (or this one, before a reload) started it: show that call, so it can be ended.
      if (error instanceof ServiceError && error.code === 'call_in_progress') await this.attach();
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
      this.#set({ status: 'ended', outcome: summary.outcome });
    } catch (error) {
      // Main knows best whether the call is still running: follow it, so End stays there while it is.
      this.#set({ error: (error as Error).message });
      const status = await unwrap(window.callcue.calls.status()).catch(() => ({ state: 'idle' }) as const);
      if (status.state === 'idle') this.#set({ status: 'idle' });
      else await this.#follow(status);
    }
  }

  /** The rep said suggestion `rank` (keys 1, 2, 3). */
  async use(rank: number): Promise<void> {
    if (this.#view.status !== 'live' || !this.#view.suggestions.some((s) => s.rank === rank)) return;
    const { used } = await unwrap(window.callcue.calls.useSuggestion({ rank }));
    if (used) this.#set({ used: rank });
  }

  async #follow(status: CallStatus): Promise<void> {
    if (status.state === 'idle' || this.#view.status === 'starting') return;
    this.#set(attachedView(this.#view, status));
    // A reloaded page (or a failed end) captures nothing any more: pick the call's page channels up again.
    if (status.state !== 'live' || this.#stopCapture.length > 0) return;
    try {
      for (const c of status.capture) this.#stopCapture.push(await startPageCapture(c));
    } catch (error) {
      // The call goes on without this page's audio; the rep sees why and can end it.
      this.#set({ error: (error as Error).message });
    }
  }

  #apply(event: CallEvent): void {
    if (event.type === 'ended') this.#endCapture();
    this.#set(applyEvent(this.#view, event));
  }

  #set(patch: Partial<CallView>): void {
    this.#view = { ...this.#view, ...patch };
    for (const listener of this.#listeners) listener();
  }
}

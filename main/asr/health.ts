/** What became of one customer turn: words, words together with the next turn's (load), or none (and why). */
export type TurnOutcome = 'heard' | 'merged' | 'failed' | 'unclear';

export interface HealthReport {
  /** Customer turns in the window, and those that came back without words. */
  turns: number;
  unheard: number;
  /** unheard / turns (0 with no turns). */
  share: number;
  /** Recognised together with a later turn because recognition fell behind (words kept, but late). */
  merged: number;
  failed: number;
  unclear: number;
  /** The share passed the limit over enough turns to mean it. */
  alert: boolean;
}

/** Seed requirement 6.1: alert when the recogniser fails more than 5% of the customer's turns. */
export const UNHEARD_LIMIT = 0.05;
/** Fewer turns than this say too little to alert on (one unclear "hm?" in a three-turn call is not an outage). */
const MIN_TURNS = 5;

/**
 * How well customers are heard: each customer turn's outcome, over a sliding window (a call: its whole length; the
 * app: the last hour). Counts only, never words.
 */
export class AsrHealth {
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #turns: { at: number; outcome: TurnOutcome }[] = [];

  constructor(options: { windowMs?: number; now?: () => number } = {}) {
    this.#windowMs = options.windowMs ?? Infinity;
    this.#now = options.now ?? Date.now;
  }

  record(outcome: TurnOutcome): void {
    this.#turns.push({ at: this.#now(), outcome });
    this.#trim();
  }

  report(): HealthReport {
    this.#trim();
    const count = (o: TurnOutcome) => this.#turns.filter((t) => t.outcome === o).length;
    const turns = this.#turns.length;
    const [merged, failed, unclear] = [count('merged'), count('failed'), count('unclear')];
    const unheard = failed + unclear;
    const share = turns ? unheard / turns : 0;
    return { turns, unheard, share, merged, failed, unclear, alert: turns >= MIN_TURNS && share > UNHEARD_LIMIT };
  }

  #trim(): void {
    const since = this.#now() - this.#windowMs;
    while (this.#turns.length && this.#turns[0]!.at < since) this.#turns.shift();
  }
}

/** This app's customer turns over the last hour, across calls: what System check reports. */
export const appHealth = new AsrHealth({ windowMs: 3_600_000 });

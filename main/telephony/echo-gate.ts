/** Envelope blocks of 5 ms at 8 kHz: four per 20 ms packet. */
const BLOCK = 40;
/** What is compared: the last 120 ms of the callee's audio against the bot's, up to 400 ms back (echo path + network). */
const WINDOW = 24;
const HISTORY = 80 + WINDOW;
/** Below this RMS the bot is silent (nothing to echo) and the callee's audio is not judged. */
const QUIET = 60;

function envelope(samples: Int16Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + BLOCK <= samples.length; i += BLOCK) {
    let sum = 0;
    for (let j = i; j < i + BLOCK; j++) sum += samples[j]! * samples[j]!;
    out.push(Math.sqrt(sum / BLOCK));
  }
  return out;
}

function correlation(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return aa && bb ? ab / Math.sqrt(aa * bb) : 0;
}

/**
 * Tells the echo of the bot's own voice (a phone's hybrid or speakerphone sending it back, delayed and filtered) from
 * the callee's voice, so that the bot neither hears itself as the customer nor barges in on itself. At the start of
 * each thing the bot says, the echo path (delay up to 400 ms, loss) is found where the loudness envelope of the last
 * 120 ms that came in follows the envelope of what the bot sent, no louder; from then on a packet is echo when it is
 * no more than 2.3 dB above the echo the path predicts (5 ms of slack either way for the delay), and the callee's
 * own speech, alone or over the bot, adds more. The path is learned only from packets taken for echo (a chance
 * likeness while the callee talks would teach a wrong one) and forgotten when the bot falls silent, so a delay that
 * moved (the jitter buffer refilling, a phone moved) is found again at its next line. Echo is silenced before the VAD.
 */
export class EchoGate {
  readonly #sent: number[] = [];
  readonly #heard: number[] = [];
  #path: { lag: number; gain: number } | undefined;
  readonly stats = { judged: 0, echo: 0 };

  /** A packet the bot sent (silence included), in sending order. */
  sent(samples: Int16Array): void {
    this.#sent.push(...envelope(samples));
    if (this.#sent.length > HISTORY) this.#sent.splice(0, this.#sent.length - HISTORY);
  }

  /** A packet from the callee, in playing order: whether it is only the echo of the bot. */
  isEcho(samples: Int16Array): boolean {
    const blocks = envelope(samples);
    this.#heard.push(...blocks);
    if (this.#heard.length > WINDOW) this.#heard.splice(0, this.#heard.length - WINDOW);
    if (Math.max(...this.#sent) < QUIET) this.#path = undefined;
    if (this.#heard.length < WINDOW || !this.#path && Math.max(...this.#sent) < QUIET || Math.max(...blocks) < QUIET) return false;
    this.stats.judged++;
    let echo: boolean;
    if (this.#path) {
      echo = this.#predicts(blocks, this.#path);
      const found = echo && this.#match(0.9);
      // Small moves of the delay are followed; the loss is smoothed.
      if (found && Math.abs(found.lag - this.#path.lag) <= 2) this.#path = { lag: found.lag, gain: 0.8 * this.#path.gain + 0.2 * found.gain };
    } else {
      // No path yet (the start of a line): echo is what is shaped like the bot's voice and no louder.
      const found = this.#match(0.8);
      echo = Boolean(found);
      if (found && found.r >= 0.9) this.#path = { lag: found.lag, gain: found.gain };
    }
    if (echo) this.stats.echo++;
    return echo;
  }

  /** Whether the path explains these blocks as echo: none more than 2.3 dB above what it predicts. */
  #predicts(blocks: number[], path: { lag: number; gain: number }): boolean {
    const end = this.#sent.length - path.lag;
    return blocks.every((b, i) => {
      const at = end - blocks.length + i;
      const near = Math.max(...this.#sent.slice(Math.max(0, at - 1), at + 2));
      return b <= 1.3 * path.gain * near + QUIET / 2;
    });
  }

  /** The delay at which the last 120 ms that came in are most like the bot's voice, no louder; none below `minR`. */
  #match(minR: number): { lag: number; r: number; gain: number } | undefined {
    const heardEnergy = this.#heard.reduce((s, x) => s + x, 0);
    let best: { lag: number; r: number; gain: number } | undefined;
    for (let lag = 0; lag + WINDOW <= this.#sent.length; lag++) {
      const end = this.#sent.length - lag;
      const sent = this.#sent.slice(end - WINDOW, end);
      const sentEnergy = sent.reduce((s, x) => s + x, 0);
      if (sentEnergy < QUIET * WINDOW || heardEnergy > sentEnergy * 1.4) continue;
      const r = correlation(this.#heard, sent);
      if (r >= minR && (!best || r > best.r)) best = { lag, r, gain: heardEnergy / sentEnergy };
    }
    return best;
  }
}

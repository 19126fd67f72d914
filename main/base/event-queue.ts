/**
 * A queue that is consumed with `for await`; `end()` finishes the iteration once the queue is drained.
 * With `max`, it holds at most that many items and drops the oldest past it (counted in `dropped`): for live media,
 * where a consumer that fell behind wants the newest audio, not a backlog.
 */
export class EventQueue<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  readonly #max: number;
  #wake: (() => void) | undefined;
  #taken: (() => void)[] = [];
  #ended = false;
  dropped = 0;

  constructor(options: { max?: number } = {}) {
    this.#max = options.max ?? Infinity;
  }

  /** Items waiting to be read. */
  get size(): number {
    return this.#items.length;
  }

  push(item: T): void {
    if (this.#ended) return;
    this.#items.push(item);
    if (this.#items.length > this.#max) {
      this.#items.shift();
      this.dropped++;
    }
    this.#wake?.();
  }

  /** Resolves once at most `n` items wait (or the queue ended): how a producer waits for a slow reader. */
  async below(n: number): Promise<void> {
    while (this.#items.length > n && !this.#ended) await new Promise<void>((resolve) => this.#taken.push(resolve));
  }

  end(): void {
    this.#ended = true;
    this.#wake?.();
    this.#release();
  }

  #release(): void {
    for (const resolve of this.#taken.splice(0)) resolve();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.#items.length) {
        const item = this.#items.shift()!;
        this.#release();
        yield item;
      } else if (this.#ended) return;
      else await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }
}

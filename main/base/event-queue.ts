/**
 * A queue that is consumed with `for await`; `end()` finishes the iteration once the queue is drained.
 * With `max`, it holds at most that many items and drops the oldest past it (counted in `dropped`): for live media,
 * where a consumer that fell behind wants the newest audio, not a backlog.
 */
export class EventQueue<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  readonly #max: number;
  #wake: (() => void) | undefined;
  #ended = false;
  dropped = 0;

  constructor(options: { max?: number } = {}) {
    this.#max = options.max ?? Infinity;
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

  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.#items.length) yield this.#items.shift()!;
      else if (this.#ended) return;
      else await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }
}

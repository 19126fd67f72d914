import type { EventName, Events } from '../../preload/contract.ts';

/** Where a request came from and where events go back: one app window, or one dev-bridge page. */
export interface Origin {
  id: string;
  send<E extends EventName>(event: E, payload: Events[E]): void;
}

/**
 * Events from main to the pages. A page attaches once it has subscribed (`app.ready`); until one has, events are
 * queued (bounded: the oldest go first), so nothing said at start-up is lost.
 */
export class EventHub {
  readonly #origins = new Map<string, Origin>();
  readonly #queue: { event: EventName; payload: unknown }[] = [];
  readonly #max: number;
  readonly #observers: (<E extends EventName>(event: E, payload: Events[E]) => void)[] = [];

  constructor(maxQueued = 500) {
    this.#max = maxQueued;
  }

  attach(origin: Origin): number {
    this.#origins.set(origin.id, origin);
    const queued = this.#queue.splice(0);
    for (const { event, payload } of queued) origin.send(event, payload as never);
    return queued.length;
  }

  detach(id: string): void {
    this.#origins.delete(id);
  }

  /** Sees every event as it is published, pages or not (the log). */
  observe(observer: <E extends EventName>(event: E, payload: Events[E]) => void): void {
    this.#observers.push(observer);
  }

  publish<E extends EventName>(event: E, payload: Events[E]): void {
    for (const observer of this.#observers) observer(event, payload);
    if (this.#origins.size === 0) {
      if (this.#queue.push({ event, payload }) > this.#max) this.#queue.shift();
      return;
    }
    for (const origin of this.#origins.values()) origin.send(event, payload);
  }
}

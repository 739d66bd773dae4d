import { systemClock, type Clock, type TimerHandle } from '../shared/clock.js';

export interface DebouncerOptions<T> {
  /** Quiet time after the last push before `flush` runs. */
  waitMs: number;
  /** Flush at the latest this long after the first push of a batch, even if pushes continue. */
  maxWaitMs?: number;
  /** Receives every item pushed since the previous flush, in push order, duplicates removed. */
  onFlush: (items: T[]) => void;
  clock?: Clock;
}

/** Trailing debounce that batches items: a burst of pushes gives one flush with all of them. */
export class Debouncer<T> {
  readonly #options: DebouncerOptions<T>;
  readonly #clock: Clock;
  #items = new Set<T>();
  #timer: TimerHandle | undefined;
  #firstPushAt: number | undefined;

  constructor(options: DebouncerOptions<T>) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  push(item: T): void {
    this.#items.add(item);
    const now = this.#clock.now();
    this.#firstPushAt ??= now;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    let wait = this.#options.waitMs;
    if (this.#options.maxWaitMs !== undefined) {
      wait = Math.max(0, Math.min(wait, this.#firstPushAt + this.#options.maxWaitMs - now));
    }
    this.#timer = this.#clock.setTimeout(() => this.flush(), wait);
  }

  /** True while items wait for a flush. */
  get pending(): boolean {
    return this.#items.size > 0;
  }

  /** Delivers pending items now (nothing happens when there are none). */
  flush(): void {
    this.#clearTimer();
    if (this.#items.size === 0) return;
    const items = [...this.#items];
    this.#items = new Set();
    this.#options.onFlush(items);
  }

  /** Drops pending items. */
  cancel(): void {
    this.#clearTimer();
    this.#items = new Set();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#firstPushAt = undefined;
  }
}

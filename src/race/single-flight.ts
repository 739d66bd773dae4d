/**
 * At most one run per key at a time (issue 5: "a restart asked while one is in
 * progress is merged into it"). While a run is in progress, further requests
 * either join it (`join: true`: same promise) or, by default, are merged into
 * ONE follow-up run that starts when the current one settles — the change that
 * triggered them happened after the current run began, so it must not be lost,
 * but N requests never cause N runs.
 *
 *   idle ──run──▶ running ──run──▶ running + follow-up ──run (merged)──┐
 *     ▲              │                  │  ◀──────────────────────────┘
 *     └──settles─────┘                  └──settles──▶ running (the follow-up)
 */

/** Thrown to callers of a follow-up that `cancel`/`close` dropped before it started. */
export class SingleFlightCancelled extends Error {
  constructor(key: string) {
    super(`cancelled: ${key}`);
    this.name = 'SingleFlightCancelled';
  }
}

interface FollowUp {
  fn: () => Promise<unknown>;
  promise: Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Flight {
  current: Promise<unknown>;
  next: FollowUp | undefined;
}

export interface RunOptions {
  /** Return the in-progress run's promise instead of scheduling a follow-up. */
  join?: boolean;
}

export class SingleFlight {
  readonly #flights = new Map<string, Flight>();
  #closed = false;

  /**
   * Runs `fn` now if nothing runs for `key`; otherwise joins or schedules the
   * single follow-up (which runs the most recently given `fn`).
   */
  run<T>(key: string, fn: () => Promise<T>, options: RunOptions = {}): Promise<T> {
    if (this.#closed) return Promise.reject(new SingleFlightCancelled(key));
    const flight = this.#flights.get(key);
    if (flight === undefined) return this.#start(key, fn) as Promise<T>;
    if (options.join) return flight.current as Promise<T>;
    if (flight.next !== undefined) {
      flight.next.fn = fn;
      return flight.next.promise as Promise<T>;
    }
    let resolve!: (value: unknown) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    flight.next = { fn, promise, resolve, reject };
    return promise as Promise<T>;
  }

  /** True while a run for `key` is in progress. */
  isRunning(key: string): boolean {
    return this.#flights.has(key);
  }

  /** True when a follow-up is waiting for the current run of `key`. */
  hasPending(key: string): boolean {
    return this.#flights.get(key)?.next !== undefined;
  }

  /** Resolves once nothing runs or waits for `key` (never rejects). */
  async idle(key: string): Promise<void> {
    for (let flight = this.#flights.get(key); flight !== undefined; flight = this.#flights.get(key)) {
      await flight.current.catch(() => {});
      await flight.next?.promise.catch(() => {});
    }
  }

  /** Drops the follow-up of `key`, if any; the run in progress continues. */
  cancel(key: string): void {
    const flight = this.#flights.get(key);
    const next = flight?.next;
    if (flight === undefined || next === undefined) return;
    flight.next = undefined;
    // Callers that dropped the promise must not get an unhandled rejection.
    next.promise.catch(() => {});
    next.reject(new SingleFlightCancelled(key));
  }

  /** Shutdown: drops every follow-up and refuses new runs; runs in progress finish. */
  close(): void {
    this.#closed = true;
    for (const key of this.#flights.keys()) this.cancel(key);
  }

  #start(key: string, fn: () => Promise<unknown>): Promise<unknown> {
    // Call through a promise so a synchronous throw becomes a rejection.
    const current = Promise.resolve().then(fn);
    const flight: Flight = { current, next: undefined };
    this.#flights.set(key, flight);
    const settle = (): void => {
      const next = flight.next;
      this.#flights.delete(key);
      if (next === undefined) return;
      if (this.#closed) {
        next.promise.catch(() => {});
        next.reject(new SingleFlightCancelled(key));
        return;
      }
      this.#start(key, next.fn).then(next.resolve, next.reject);
    };
    current.then(settle, settle);
    return current;
  }
}

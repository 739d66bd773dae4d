import { delay } from '../shared/clock.js';
import { NetraError, errorMessage } from '../shared/errors.js';
import { checkPostgres } from './check-postgres.js';
import { redactUrl } from './url.js';

export interface WaitForPostgresOptions {
  /** Total budget; default 30 000 ms. */
  timeout?: number;
  /** Pause between attempts; default 200 ms. */
  interval?: number;
  signal?: AbortSignal;
  /** Injected for tests. */
  check?: (url: string, signal: AbortSignal) => Promise<void>;
}

/** Retries `checkPostgres` until it answers (kind `external`, and scripts). */
export async function waitForPostgres(url: string, options: WaitForPostgresOptions = {}): Promise<void> {
  const timeout = options.timeout ?? 30_000;
  const budget = AbortSignal.timeout(timeout);
  const signal = options.signal ? AbortSignal.any([options.signal, budget]) : budget;
  const check = options.check ?? checkPostgres;
  let last: unknown;
  while (!signal.aborted) {
    try {
      await check(url, signal);
      return;
    } catch (error) {
      last = error;
    }
    try {
      await delay(options.interval ?? 200, signal);
    } catch {
      break;
    }
  }
  if (options.signal?.aborted) throw options.signal.reason;
  throw new NetraError('READINESS_FAILED', `PostgreSQL at ${redactUrl(url)} did not answer SELECT 1 within ${timeout} ms`, {
    cause: last,
    details: last === undefined ? [] : [`last error: ${errorMessage(last)}`],
  });
}

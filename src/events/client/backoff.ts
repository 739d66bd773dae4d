/**
 * Reconnect delays (EVENTS.md "Close codes"): exponential from 0.25 s to 10 s
 * with "equal jitter" (half fixed, half random) so a restarted server is not
 * hit by every client at the same instant.
 */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  random?: () => number;
}

export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? 250;
  const max = options.maxMs ?? 10_000;
  const base = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return base / 2 + (options.random ?? Math.random)() * (base / 2);
}

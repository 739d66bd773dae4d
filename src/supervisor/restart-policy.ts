/**
 * Restart policy: whether an exit is followed by a restart, and after how
 * long (exponential backoff with a cap). Pure, so it is unit-tested with
 * plain numbers.
 */
import type { ResolvedService } from '../config/resolved.js';

export type RestartDecision =
  | { restart: true; delayMs: number; attempt: number }
  | { restart: false; reason: 'policy' | 'limit' | 'completed' | 'shutting-down' };

export function decideRestart(
  service: Pick<ResolvedService, 'restart'>,
  exit: { code: number | null; signal: NodeJS.Signals | null },
  restartTimes: readonly number[],
  now: number,
): RestartDecision {
  const { policy, maxRestarts, backoff, window } = service.restart;
  const clean = exit.code === 0;
  if (policy === 'no') return { restart: false, reason: clean ? 'completed' : 'policy' };
  if (policy === 'on-failure' && clean) return { restart: false, reason: 'completed' };
  const counted = window === undefined ? restartTimes : restartTimes.filter((time) => now - time < window);
  if (counted.length >= maxRestarts) return { restart: false, reason: 'limit' };
  const delayMs = Math.min(backoff.max, Math.round(backoff.initial * backoff.factor ** counted.length));
  return { restart: true, delayMs, attempt: counted.length + 1 };
}

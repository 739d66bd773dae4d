/**
 * Readiness and liveness probes (issue 2: "a probe that cannot fail is a
 * defect"). Every attempt has its own timeout so a hung server or a
 * black-holed connect fails the attempt instead of hanging the wait, and every
 * attempt releases its socket or process before the next one starts.
 */
import { systemClock, type Clock } from '../shared/clock.js';
import { errorMessage } from '../shared/errors.js';
import { probeExec } from './probe-exec.js';
import { probeHttp } from './probe-http.js';
import { recentLineMatches, waitForLine, type LineSource } from './probe-log.js';
import { probeTcp } from './probe-tcp.js';
import { unreachable } from '../shared/unreachable.js';

export type { LineSource } from './probe-log.js';
export { logPattern } from './probe-log.js';

/** What "ready" means for a service. */
export type ProbeSpec =
  /** A TCP connect succeeds. */
  | { kind: 'tcp'; host: string; port: number }
  /** `GET url` answers 2xx; redirects are not followed (a 3xx is a failure). */
  | { kind: 'http'; url: string }
  /** A line of the service's output matches (lines already written count if the source offers `recent()`). */
  | { kind: 'log'; pattern: RegExp; lines: LineSource }
  /** The command exits 0 (string: platform shell; array: no shell); killed when its attempt times out. */
  | { kind: 'exec'; command: readonly string[] | string; cwd: string; env: Record<string, string> }
  /** `check` resolving means ready, throwing means not yet; it should honour the signal. */
  | { kind: 'custom'; name: string; check: (signal: AbortSignal) => Promise<void> };

export interface ProbeOptions {
  /** Total budget in milliseconds. */
  timeout: number;
  /** Pause between a failed attempt and the next one, in milliseconds. */
  interval: number;
  /** Aborting stops the wait at once, with reason 'aborted'. */
  signal?: AbortSignal;
  /** Budget of one attempt (default 5000 ms), never beyond what is left of `timeout`. */
  attemptTimeout?: number;
  /** Injected for tests; the system clock by default. */
  clock?: Clock;
}

export type ReadinessResult =
  | { ok: true; elapsedMs: number; attempts: number }
  | {
      ok: false;
      reason: 'timeout' | 'aborted';
      /** Why the last attempt failed, e.g. `HTTP 500 Internal Server Error`. */
      lastError: string | undefined;
      elapsedMs: number;
      /** Attempts made; for a log probe, lines examined. */
      attempts: number;
    };

export const DEFAULT_ATTEMPT_TIMEOUT_MS = 5000;

/** Reasons the wait's internal controller aborts with, told apart from caller-thrown errors. */
class WaitTimedOut extends Error {}
class WaitAborted extends Error {}
class AttemptTimedOut extends Error {}

/** Runs one attempt of a polling probe; settles promptly once `signal` aborts. */
function runProbe(probe: ProbeSpec, signal: AbortSignal): Promise<void> {
  switch (probe.kind) {
    case 'tcp':
      return probeTcp(probe.host, probe.port, signal);
    case 'http':
      return probeHttp(probe.url, signal);
    case 'exec':
      return probeExec(probe, signal);
    case 'custom':
      return raceAbort(probe.check(signal), signal);
    case 'log':
      return recentLineMatches(probe.lines, probe.pattern)
        ? Promise.resolve()
        : Promise.reject(new Error(`no recent line matches ${String(probe.pattern)}`));
    default:
      return unreachable(probe, 'probe kind');
  }
}

/** A custom check that ignores its signal must still not hold the wait. */
function raceAbort(work: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      work.catch(() => {});
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      work.catch(() => {});
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** One probe attempt, for liveness checks once a service is ready. */
export async function probeOnce(
  probe: ProbeSpec,
  signal: AbortSignal,
): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    await runProbe(probe, signal);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: signal.aborted && error === signal.reason ? 'aborted' : errorMessage(error) };
  }
}

/** A short human description: `http http://127.0.0.1:4000/health/ready`. */
export function describeProbe(probe: ProbeSpec): string {
  switch (probe.kind) {
    case 'tcp':
      return `tcp ${probe.host.includes(':') ? `[${probe.host}]` : probe.host}:${probe.port}`;
    case 'http':
      return `http ${probe.url}`;
    case 'log':
      return `log ${String(probe.pattern)}`;
    case 'exec':
      return `exec ${typeof probe.command === 'string' ? probe.command : probe.command.join(' ')}`;
    case 'custom':
      return `custom ${probe.name}`;
    default:
      return unreachable(probe, 'probe kind');
  }
}

/** Polls `probe` until it passes, the budget runs out, or the signal aborts. */
export async function waitForReady(probe: ProbeSpec, options: ProbeOptions): Promise<ReadinessResult> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const elapsed = (): number => clock.now() - started;
  let attempts = 0;
  let lastError: string | undefined;
  const wait = new AbortController();
  const failure = (): ReadinessResult => ({
    ok: false,
    reason: wait.signal.reason instanceof WaitAborted ? 'aborted' : 'timeout',
    lastError,
    elapsedMs: elapsed(),
    attempts,
  });
  if (options.signal?.aborted) {
    return { ok: false, reason: 'aborted', lastError, elapsedMs: 0, attempts };
  }
  const onCallerAbort = (): void => wait.abort(new WaitAborted('aborted'));
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const deadline = clock.setTimeout(
    () => wait.abort(new WaitTimedOut(`not ready within ${options.timeout} ms`)),
    Math.max(0, options.timeout),
  );
  try {
    if (probe.kind === 'log') {
      try {
        attempts = await waitForLine(probe.lines, probe.pattern, wait.signal, (seen) => {
          attempts = seen;
        });
        return { ok: true, elapsedMs: elapsed(), attempts };
      } catch {
        lastError = `no line matched ${String(probe.pattern)} (${attempts} line${attempts === 1 ? '' : 's'} seen)`;
        return failure();
      }
    }
    for (;;) {
      const left = options.timeout - elapsed();
      // The deadline timer may not have fired yet: an attempt with no budget
      // would only replace the real last error with "no answer within 0 ms".
      if (left <= 0 || wait.signal.aborted) return failure();
      attempts += 1;
      const budget = Math.min(options.attemptTimeout ?? DEFAULT_ATTEMPT_TIMEOUT_MS, left);
      const attemptStarted = clock.now();
      const outcome = await attempt(probe, wait.signal, budget, clock);
      if (outcome === undefined) return { ok: true, elapsedMs: elapsed(), attempts };
      if (wait.signal.aborted) {
        // The attempt was cut short by the deadline or the caller: keep the
        // last real failure, or say the attempt got no answer at all.
        lastError ??= `no answer within ${clock.now() - attemptStarted} ms`;
        return failure();
      }
      // An attempt whose budget the deadline cut short and that used it all
      // says nothing new: keep the last real failure (e.g. `HTTP 302 Found`).
      const cutShort = budget < (options.attemptTimeout ?? DEFAULT_ATTEMPT_TIMEOUT_MS) && clock.now() - attemptStarted >= budget;
      lastError = cutShort ? (lastError ?? outcome) : outcome;
      if (!(await pause(options.interval, wait.signal, clock))) return failure();
    }
  } finally {
    clock.clearTimeout(deadline);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}

/** One attempt under its own timeout; undefined on success, else why it failed. */
async function attempt(
  probe: ProbeSpec,
  parent: AbortSignal,
  budgetMs: number,
  clock: Clock,
): Promise<string | undefined> {
  const controller = new AbortController();
  const onParentAbort = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', onParentAbort, { once: true });
  const timer = clock.setTimeout(
    () => controller.abort(new AttemptTimedOut(`no answer within ${budgetMs} ms`)),
    budgetMs,
  );
  try {
    await runProbe(probe, controller.signal);
    return undefined;
  } catch (error) {
    return errorMessage(error);
  } finally {
    clock.clearTimeout(timer);
    parent.removeEventListener('abort', onParentAbort);
  }
}

/** Waits `ms`; false when the signal aborted first. */
function pause(ms: number, signal: AbortSignal, clock: Clock): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(false);
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      resolve(false);
    };
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, Math.max(0, ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The lifecycle of one service (STYLE.md §3.7).
 *
 *   pending ─▶ waiting ─▶ starting ─▶ ready ─┬─▶ exited ─▶ backoff ─▶ starting …
 *                 │           │              │      └────▶ completed | failed
 *                 │           └─▶ failed     └─▶ stopping ─▶ stopped
 *                 └─▶ failed (a dependency failed) | stopped (shutdown first)
 *
 * `ready` is the running state: the probe passed (or there is none).
 */
export type ServiceState =
  | { id: 'pending' }
  | { id: 'waiting'; for: readonly string[] }
  | { id: 'starting'; pid: number | undefined; since: number }
  | { id: 'ready'; pid: number | undefined; readyAt: number; timeToReadyMs: number }
  | { id: 'backoff'; until: number; attempt: number; lastExit: string }
  | { id: 'stopping'; pid: number | undefined }
  | { id: 'stopped' }
  | { id: 'completed' }
  | { id: 'failed'; reason: ServiceFailure };

export type ServiceStateId = ServiceState['id'];

/** Expected, collected failures (STYLE.md §3.3): a union keyed by `reason`. */
export type ServiceFailure =
  | { reason: 'spawn-failed'; message: string }
  | { reason: 'readiness-timeout'; probe: string; lastError: string | undefined; elapsedMs: number }
  | { reason: 'exited'; exit: string; restarts: number }
  | { reason: 'restart-limit'; exit: string; restarts: number }
  | { reason: 'dependency-failed'; dependency: string }
  | { reason: 'setup-failed'; step: string; message: string }
  | { reason: 'start-error'; message: string };

export function describeFailure(failure: ServiceFailure): string {
  switch (failure.reason) {
    case 'spawn-failed':
      return `could not start: ${failure.message}`;
    case 'readiness-timeout':
      return `never became ready: ${failure.probe} did not pass within ${Math.round(failure.elapsedMs / 100) / 10}s${
        failure.lastError ? ` (last error: ${failure.lastError})` : ''
      }`;
    case 'exited':
      return `${failure.exit}`;
    case 'restart-limit':
      return `${failure.exit}, and it crashed past its restart limit (${failure.restarts} restarts)`;
    case 'dependency-failed':
      return `not started: its dependency "${failure.dependency}" failed`;
    case 'setup-failed':
      return `setup step "${failure.step}" failed: ${failure.message}`;
    case 'start-error':
      return failure.message;
  }
}

/** True once the dependency condition holds. */
export function meetsCondition(
  state: ServiceState,
  condition: 'started' | 'ready' | 'completed',
  everReady: boolean,
): boolean {
  switch (condition) {
    case 'started':
      return state.id !== 'pending' && state.id !== 'waiting' && state.id !== 'failed' && state.id !== 'stopped';
    case 'ready':
      // A dependency that became ready once and is restarting does not block new starts of dependents.
      return state.id === 'ready' || (everReady && (state.id === 'backoff' || state.id === 'starting'));
    case 'completed':
      return state.id === 'completed';
  }
}

export function isTerminal(state: ServiceState): boolean {
  return state.id === 'stopped' || state.id === 'completed' || state.id === 'failed';
}

export function describeExit(exit: { code: number | null; signal: NodeJS.Signals | null }): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  return `exited with code ${exit.code ?? 'unknown'}`;
}

/**
 * What the alert manager needs to know about a service's lifecycle. The
 * supervisor's own states are mapped to these by the wiring
 * (src/supervisor/alerts-wiring.ts), so this module does not depend on it.
 */
export type ServiceSignal =
  /** An instance was spawned and is being probed. */
  | { kind: 'starting'; pid: number | undefined; since: number }
  | { kind: 'ready'; pid: number | undefined; timeToReadyMs: number }
  /** It exited and a restart is scheduled (`attempt` of the policy). */
  | { kind: 'restarting'; exit: string; attempt: number }
  /** It failed for good; `reason` is the supervisor's failure reason. */
  | { kind: 'failed'; reason: string; message: string }
  | { kind: 'completed' }
  /** netra is stopping it (shutdown, dependency gone). */
  | { kind: 'stopped' };

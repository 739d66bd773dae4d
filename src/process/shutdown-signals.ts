/**
 * The signals on which netra runs its shutdown path.
 *
 * Windows has no POSIX signals; Node maps console events onto signal events
 * of the netra process:
 * - Ctrl+C → SIGINT, Ctrl+Break → SIGBREAK (both also reach every child
 *   sharing the console, since services are not detached on Windows);
 * - closing the console window → SIGHUP, after which Windows ends the process
 *   unconditionally about 10 s later (Node docs, "Signal events"), so the
 *   shutdown has that long.
 * SIGTERM is never raised on Windows (process.kill and taskkill /F both
 * TerminateProcess, which cannot be caught), so it is not listened for there.
 */
import type { Platform } from '../shared/platform.js';

export type ShutdownSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'SIGBREAK';

export function shutdownSignals(platform: Platform): readonly ShutdownSignal[] {
  return platform === 'windows' ? ['SIGINT', 'SIGBREAK', 'SIGHUP'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
}

/**
 * Finds the processes of a stack through /proc by an environment marker that
 * netra and everything it starts inherit (children, grandchildren, detached
 * ones), never by name. Zombies count as gone: they have exited.
 */
import { randomUUID } from 'node:crypto';
import { findPidsWithEnv, isProcessAlive, readProcessCommand } from '../../src/shared/proc-info.js';

export const MARKER_NAME = 'NETRA_TEST_MARKER';

export function newMarker(): string {
  return randomUUID();
}

/** Live pids carrying `NETRA_TEST_MARKER=<marker>`, with their command lines for error messages. */
export function liveMarkedProcesses(marker: string): { pid: number; command: string }[] {
  return findPidsWithEnv(MARKER_NAME, marker)
    .filter((pid) => pid !== process.pid && isProcessAlive(pid))
    .map((pid) => ({ pid, command: readProcessCommand(pid) ?? '?' }));
}

/** SIGKILLs whatever a test left behind, so a failing test never leaks into the next. */
export function killMarkedProcesses(marker: string): number {
  const left = liveMarkedProcesses(marker);
  for (const { pid } of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return left.length;
}

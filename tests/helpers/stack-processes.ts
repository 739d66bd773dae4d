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

/** netra's orphan guard (dist/process/watchdog.js): it carries the marker and exits on its own once netra is gone. */
const isWatchdog = (command: string): boolean => /[/\\]process[/\\]watchdog\.js\b/.test(command);

/**
 * What is left of a stack after netra exited. Every service process is
 * counted right away; only the watchdog is given up to `watchdogMs` to notice
 * that netra is gone and exit, and is counted if it does not.
 */
export async function leftoversAfterExit(marker: string, watchdogMs = 10_000): Promise<{ pid: number; command: string }[]> {
  const now = liveMarkedProcesses(marker);
  const services = now.filter((p) => !isWatchdog(p.command));
  const deadline = Date.now() + watchdogMs;
  let watchdogs = now.filter((p) => isWatchdog(p.command));
  while (watchdogs.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const alive = new Set(liveMarkedProcesses(marker).map((p) => p.pid));
    watchdogs = watchdogs.filter((p) => alive.has(p.pid));
  }
  return [...services, ...watchdogs];
}

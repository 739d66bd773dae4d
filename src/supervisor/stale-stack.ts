/**
 * Cleans up after a stack whose netra died without stopping it (SIGKILL
 * while the watchdog could not run, a power cut): `.netra/state.json` still
 * names its stack marker, and every live process carrying that marker is
 * stopped. Only processes with the marker are touched: netra never kills
 * what it did not start.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findPidsWithEnv, isProcessAlive, readProcessStat, isSameProcess } from '../shared/proc-info.js';
import { delay } from '../shared/clock.js';

export async function cleanUpStaleStack(stateDir: string, onWarning: (message: string) => void): Promise<number> {
  let previous: { pid?: number; stackId?: string };
  try {
    previous = JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8')) as typeof previous;
  } catch {
    return 0;
  }
  if (!previous.stackId || (previous.pid !== undefined && previous.pid !== process.pid && isProcessAlive(previous.pid))) {
    return 0;
  }
  const leftovers = findPidsWithEnv('NETRA_STACK_ID', previous.stackId).map((pid) => ({
    pid,
    startTime: readProcessStat(pid)?.startTime,
  }));
  if (leftovers.length === 0) return 0;
  onWarning(
    `the previous netra (pid ${previous.pid ?? '?'}) died without stopping its stack: stopping ${leftovers.length} leftover process${leftovers.length > 1 ? 'es' : ''} (${leftovers.map((l) => l.pid).join(', ')})`,
  );
  signal(leftovers, 'SIGTERM');
  for (let waited = 0; waited < 2_000 && leftovers.some((l) => isSameProcess(l.pid, l.startTime)); waited += 50) {
    await delay(50);
  }
  signal(leftovers, 'SIGKILL');
  return leftovers.length;
}

function signal(processes: readonly { pid: number; startTime: string | undefined }[], name: NodeJS.Signals): void {
  for (const { pid, startTime } of processes) {
    if (!isSameProcess(pid, startTime)) continue;
    try {
      process.kill(pid, name);
    } catch {
      // Gone meanwhile.
    }
  }
}

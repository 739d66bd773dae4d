/**
 * A `postmaster.pid` left by a server that was SIGKILLed (or a container that
 * was stopped) makes the next start fail when its pid now belongs to another
 * process: "lock file "postmaster.pid" already exists" — common in containers,
 * where pids are reused after a restart. netra removes the file when its pid
 * is dead or is not a postgres, and refuses to start over a live server.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { NetraError } from '../shared/errors.js';
import { isProcessAlive, readProcessCommand } from '../shared/proc-info.js';

export interface PidProbe {
  isAlive(pid: number): boolean;
  /** The process's command line, or undefined when it cannot be read (non-Linux). */
  commandLine(pid: number): Promise<string | undefined>;
}

/** From src/shared/proc-info.ts: a zombie counts as dead, and an empty cmdline falls back to the process name. */
export const systemPidProbe: PidProbe = {
  isAlive: isProcessAlive,
  commandLine: async (pid) => readProcessCommand(pid),
};

/** Returns true when it removed a stale lock file. */
export async function clearStalePostmasterPid(dataDir: string, probe: PidProbe = systemPidProbe): Promise<boolean> {
  const file = join(dataDir, 'postmaster.pid');
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch {
    return false;
  }
  const pid = Number(content.split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && probe.isAlive(pid)) {
    const cmd = await probe.commandLine(pid);
    // Unknown command line (no /proc): trust the lock, as PostgreSQL would.
    if (cmd === undefined || /postgres|postmaster/.test(cmd)) {
      throw new NetraError('SERVICE_FAILED', `a PostgreSQL server (pid ${pid}) is already running on ${dataDir}`, {
        hint: `stop it (kill -INT ${pid}) or use another data folder`,
      });
    }
  }
  await rm(file, { force: true });
  return true;
}

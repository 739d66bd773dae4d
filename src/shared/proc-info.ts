/**
 * Facts about other processes, read from Linux's /proc. Everywhere else these
 * return `undefined` or empty lists, and callers treat that as "unknown", never
 * as "dead" (except `isProcessAlive`, which works on every platform).
 *
 * Shared by the lock (a recycled pid must not look like the lock's owner), the
 * port checker (who holds a port) and the watchdog (which processes carry the
 * stack's environment marker, and are they still the ones we started).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The fields of /proc/<pid>/stat that netra needs. */
export interface ProcessStat {
  pid: number;
  /** Field 3: R, S, D, Z (zombie), T, … */
  state: string;
  /** Field 4. */
  ppid: number;
  /** Field 5: the process group id. */
  pgid: number;
  /** Field 22: clock ticks since boot, as a decimal string; with the pid, identifies a process across pid reuse. */
  startTime: string;
}

/** Parses /proc/<pid>/stat; undefined when the process is gone or /proc is missing. */
export function readProcessStat(pid: number): ProcessStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself contain ") ",
  // so the remaining fields start after the LAST closing parenthesis.
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const rest = text.slice(close + 2).split(' ');
  const state = rest[0];
  const ppid = Number(rest[1]);
  const pgid = Number(rest[2]);
  const startTime = rest[19];
  if (state === undefined || startTime === undefined || !Number.isInteger(ppid)) return undefined;
  return { pid, state, ppid, pgid, startTime };
}

/** Field 22 of /proc/<pid>/stat (Linux); undefined elsewhere or when the process is gone. */
export function readProcessStartTime(pid: number): string | undefined {
  return readProcessStat(pid)?.startTime;
}

/**
 * True when a process with this pid exists and is not a zombie. EPERM means it
 * exists but belongs to someone else: alive.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A zombie has exited and only waits for its parent to reap it.
  return readProcessStat(pid)?.state !== 'Z';
}

/**
 * True when `pid` is alive and is the same process that had `startTime`
 * (when both start times are known). Guards every kill against pid reuse.
 */
export function isSameProcess(pid: number, startTime: string | undefined): boolean {
  if (!isProcessAlive(pid)) return false;
  if (startTime === undefined) return true;
  const current = readProcessStartTime(pid);
  return current === undefined || current === startTime;
}

/** The command line of a process, arguments joined by spaces; undefined when unknown. */
export function readProcessCommand(pid: number): string | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const text = raw.split('\0').filter((part) => part !== '').join(' ');
    if (text !== '') return text;
    // Kernel threads and zombies have an empty cmdline: fall back to the name.
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Every pid under /proc (Linux); empty elsewhere. */
export function listPids(): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries.filter((name) => /^\d+$/.test(name)).map(Number);
}

/**
 * The environment of a process as NAME=value strings; undefined when it is not
 * readable (another user's process, gone, or no /proc).
 */
export function readProcessEnv(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter((entry) => entry !== '');
  } catch {
    return undefined;
  }
}

/**
 * Pids whose environment contains exactly `name=value`: how netra finds the
 * processes of its stack (children inherit the marker) without trusting names.
 * Only processes of the current user are readable, which is what we want.
 */
export function findPidsWithEnv(name: string, value: string): number[] {
  const marker = `${name}=${value}`;
  return listPids().filter((pid) => readProcessEnv(pid)?.includes(marker) ?? false);
}

/** Direct children of `pid` (Linux); empty elsewhere. */
export function listChildPids(pid: number): number[] {
  return listPids().filter((candidate) => readProcessStat(candidate)?.ppid === pid);
}

/** The socket inodes a process has open (from /proc/<pid>/fd links `socket:[inode]`). */
export function readSocketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1] !== undefined) inodes.add(match[1]);
    } catch {
      // The fd closed while we listed them.
    }
  }
  return inodes;
}

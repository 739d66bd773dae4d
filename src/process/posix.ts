/**
 * POSIX: every service is the leader of its own process group (spawn
 * `detached: true` → setsid), so one signal to `-pgid` reaches the whole
 * tree. Descendants that left the group (their own setsid, double forks) are
 * found through /proc on Linux and tree-kill elsewhere, and are killed only
 * when their pid still has the recorded start time (a recycled pid is never
 * touched).
 */
import treeKill from 'tree-kill';
import { findPidsWithEnv, isSameProcess, listPids, readProcessStat } from '../shared/proc-info.js';
import type { CommandLine, ProcessPlatform, TreeMember } from './types.js';

export const posixPlatform: ProcessPlatform = {
  spawnOptions: () => ({ detached: true, windowsHide: true }),

  commandLine(command: CommandLine) {
    if (typeof command === 'string') return { file: '/bin/sh', args: ['-c', command], shell: true };
    const [file, ...args] = command;
    return { file: file ?? '', args, shell: false };
  },

  signalTree(pid, signal, tree = []) {
    signalGroup(pid, signal);
    // Descendants that left the group (setsid, daemons) get the same polite request.
    for (const member of tree) {
      if (readProcessStat(member.pid)?.pgid !== pid && isSameProcess(member.pid, member.startTime)) {
        signalPid(member.pid, signal);
      }
    }
  },

  async killTree(pid, tree) {
    signalGroup(pid, 'SIGKILL');
    for (const member of tree) {
      if (isSameProcess(member.pid, member.startTime)) signalPid(member.pid, 'SIGKILL');
    }
    // Descendants of a still-living leader that were born after the snapshot.
    await new Promise<void>((resolve) => treeKill(pid, 'SIGKILL', () => resolve()));
  },

  snapshotTree(pid, marker) {
    const members = linuxDescendants(pid);
    if (marker) {
      const known = new Set(members.map((member) => member.pid));
      for (const markedPid of findPidsWithEnv(marker.name, marker.value)) {
        if (markedPid === pid || known.has(markedPid)) continue;
        members.push({ pid: markedPid, startTime: readProcessStat(markedPid)?.startTime });
      }
    }
    return members;
  },

  isTreeAlive(pid, tree) {
    if (isGroupAlive(pid)) return true;
    return tree.some((member) => isSameProcess(member.pid, member.startTime));
  },
};

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already.
  }
}

/**
 * A group is alive while a non-zombie member exists. `kill(-pgid, 0)` alone
 * would count zombies that a non-reaping PID 1 (containers) never collects.
 */
function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  const pids = listPids();
  if (pids.length === 0) return true; // no /proc: trust kill(0)
  return pids.some((pid) => {
    const stat = readProcessStat(pid);
    return stat !== undefined && stat.pgid === pgid && stat.state !== 'Z';
  });
}

/** Every descendant of pid with its start time, from one pass over /proc. */
function linuxDescendants(root: number): TreeMember[] {
  const children = new Map<number, { pid: number; startTime: string }[]>();
  for (const pid of listPids()) {
    const stat = readProcessStat(pid);
    if (!stat || stat.state === 'Z') continue;
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push({ pid, startTime: stat.startTime });
    children.set(stat.ppid, siblings);
  }
  const result: TreeMember[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const child of children.get(parent) ?? []) {
      result.push(child);
      queue.push(child.pid);
    }
  }
  return result;
}

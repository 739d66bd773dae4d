/**
 * Windows: there are no process groups and no signals between processes
 * (Node's process.kill is TerminateProcess for every signal but 0), so trees
 * are stopped with taskkill, which walks the parent links itself:
 *
 *   stop:  taskkill /pid <pid> /T        ask politely (WM_CLOSE to windowed
 *                                        processes; console programs refuse)
 *          … the service's grace …
 *          taskkill /pid <pid> /T /F     terminate the whole tree
 *
 * Never `wmic` (removed from current Windows) and never `/IM <image>`, which
 * would kill every node.exe of the user, not just this service's tree.
 *
 * Windows has no cheap parent tree without wmic or CIM, so the tree netra
 * knows is the root pid alone; `/T` covers its descendants while the root is
 * alive. Once the root has exited, its pid may be reused by an unrelated
 * process and no start time is available to tell them apart, so after
 * `leaderExited` that pid is never signalled or reported alive again.
 *
 * This file must not import posix.ts or shared/proc-info.ts (process groups,
 * /proc): none of that exists here.
 */
import path from 'node:path';
import type { ProcessPlatform } from './types.js';
import { normalizeWindowsEnvironment, readWindowsEnv } from './windows-env.js';
import {
  fileExists,
  isPidAlive as realIsPidAlive,
  runCommand as realRunCommand,
  type CommandRunner,
} from './windows-runner.js';
import { windowsArgvCommand, windowsShellCommand } from './windows-shim.js';

/** taskkill's exit code when no process has that pid: already gone, not an error. */
export const TASKKILL_NOT_FOUND = 128;

export interface WindowsPlatformOptions {
  /** Runs taskkill. Default: node:child_process execFile. */
  runCommand?: CommandRunner;
  /** True when a regular file exists (command resolution). Default: fs.statSync. */
  pathExists?: (file: string) => boolean;
  /** True while a pid is a running process. Default: process.kill(pid, 0). */
  isPidAlive?: (pid: number) => boolean;
  /** Last resort when taskkill itself fails: terminate the root. Default: process.kill(pid). */
  terminatePid?: (pid: number) => void;
  /** netra's own environment, where taskkill.exe is found (SystemRoot). Default: process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

export function createWindowsPlatform(options: WindowsPlatformOptions = {}): ProcessPlatform {
  const run = options.runCommand ?? realRunCommand;
  const pathExists = options.pathExists ?? fileExists;
  const isPidAlive = options.isPidAlive ?? realIsPidAlive;
  const terminatePid = options.terminatePid ?? terminate;
  const env = options.env ?? process.env;
  /** Roots whose exit was seen: their pid may belong to someone else now. */
  const exitedLeaders = new Set<number>();

  const taskkill = (pid: number, force: boolean): Promise<{ exitCode: number }> => {
    const args = ['/pid', String(pid), '/T', ...(force ? ['/F'] : [])];
    return run(taskkillPath(env), args).catch(() => ({ exitCode: -1 }));
  };

  return {
    // Not detached: the children share netra's console, so Ctrl+C / Ctrl+Break
    // in the terminal reach them as they reach netra (detached would give them
    // no console at all, and their own console programs new windows).
    spawnOptions: () => ({ detached: false, windowsHide: true }),

    commandLine(command, childEnv, cwd) {
      if (typeof command === 'string') return windowsShellCommand(command, childEnv);
      return windowsArgvCommand(command, { env: childEnv, cwd, pathExists });
    },

    environment: (childEnv) => normalizeWindowsEnvironment(childEnv),

    signalTree(pid, signal) {
      if (exitedLeaders.has(pid)) return;
      // The signal's name cannot be delivered; only SIGKILL changes what happens.
      void taskkill(pid, signal === 'SIGKILL');
    },

    async killTree(pid) {
      // Only the root: recorded members carry no start time on Windows, so a
      // pid other than a live root we spawned could be anyone's by now.
      if (exitedLeaders.has(pid)) return;
      const { exitCode } = await taskkill(pid, true);
      if (exitCode === 0 || exitCode === TASKKILL_NOT_FOUND) return;
      // taskkill could not run (exit -1) or failed part-way: at least end the root.
      if (!exitedLeaders.has(pid) && isPidAlive(pid)) terminatePid(pid);
    },

    snapshotTree: () => [],

    isTreeAlive(pid) {
      return !exitedLeaders.has(pid) && isPidAlive(pid);
    },

    leaderStarted(pid) {
      exitedLeaders.delete(pid);
    },

    leaderExited(pid) {
      exitedLeaders.add(pid);
    },
  };
}

/** The production Windows platform. */
export const windowsPlatform: ProcessPlatform = createWindowsPlatform();

/** taskkill.exe by absolute path, so a taskkill earlier in PATH cannot stand in for it. */
function taskkillPath(env: Readonly<Record<string, string | undefined>>): string {
  const systemRoot = readWindowsEnv(env, 'SystemRoot');
  return systemRoot === undefined ? 'taskkill.exe' : path.win32.join(systemRoot, 'System32', 'taskkill.exe');
}

function terminate(pid: number): void {
  try {
    process.kill(pid);
  } catch {
    // Gone already, or not ours to end: nothing more can be done from here.
  }
}

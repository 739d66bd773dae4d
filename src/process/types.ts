/**
 * The process interface (STYLE.md §1, §3.6): the supervisor spawns and stops
 * services only through it; posix.ts and windows.ts implement the platform
 * parts behind `ProcessPlatform`.
 */
import type { Readable } from 'node:stream';

/** An argv array (no shell) or a string for the platform shell. */
export type CommandLine = string | readonly string[];

export interface SpawnRequest {
  command: CommandLine;
  cwd: string;
  /** The complete environment of the child (nothing else is inherited). */
  env: Readonly<Record<string, string>>;
  /**
   * An environment variable (present in `env`) that marks every process of
   * this service: descendants inherit it, so they are found at stop even
   * after leaving the process tree.
   */
  marker?: { name: string; value: string };
}

export interface ExitInfo {
  /** Exit code, or null when ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  spawnError?: string;
}

export interface StopOptions {
  signal: NodeJS.Signals;
  /** ms between the signal and SIGKILL. */
  grace: number;
}

export interface StopResult extends ExitInfo {
  /** True when the grace ran out and the tree was killed. */
  killed: boolean;
}

export interface ProcessHandle {
  readonly pid: number | undefined;
  /** Start time of the pid (Linux /proc), so a recorded pid is never confused with a recycled one. */
  readonly startTime: string | undefined;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Resolves once the process has exited and its whole tree is gone. */
  readonly exited: Promise<ExitInfo>;
  /** Signal the process tree, wait up to `grace`, then kill it. Idempotent. */
  stop(options: StopOptions): Promise<StopResult>;
  /** Kill the whole tree now. */
  kill(): void;
}

export interface ProcessManager {
  spawn(request: SpawnRequest): ProcessHandle;
}

/** What differs between POSIX and Windows. */
export interface ProcessPlatform {
  /** child_process spawn options that place the child where its whole tree can be signalled. */
  spawnOptions(): { detached: boolean; windowsHide: boolean };
  /**
   * Turns a command into file + args (shell strings through the platform
   * shell). `cwd` is the child's working directory, for resolving a relative
   * program path (Windows resolves names itself through PATH × PATHEXT).
   */
  commandLine(
    command: CommandLine,
    env: Readonly<Record<string, string>>,
    cwd?: string,
  ): { file: string; args: string[]; shell: boolean };
  /**
   * The environment actually given to the child, when the platform must
   * adjust it (Windows: one key per case-insensitive name, so `PATH` from a
   * config replaces the inherited `Path`). Absent: `env` as is.
   */
  environment?(env: Readonly<Record<string, string>>): Record<string, string>;
  /** Called once the leader is spawned with this pid (before any other call for it). */
  leaderStarted?(pid: number): void;
  /**
   * Called when the leader's exit is observed (ChildProcess 'exit'). Where a
   * pid cannot be told apart from a recycled one (Windows: no start time),
   * the platform then stops signalling it or reporting it alive.
   */
  leaderExited?(pid: number): void;
  /** Send a polite stop request to the tree rooted at pid, and to `tree` members that left it. */
  signalTree(pid: number, signal: NodeJS.Signals, tree?: readonly TreeMember[]): void;
  /** Kill the tree rooted at pid (and anything recorded in `tree`) forcibly. */
  killTree(pid: number, tree: readonly TreeMember[]): Promise<void>;
  /** Pids and start times of the tree rooted at pid, as far as the OS tells. */
  snapshotTree(pid: number, marker: SpawnRequest['marker']): TreeMember[];
  /** True while any member of the tree (or the group) is still alive. */
  isTreeAlive(pid: number, tree: readonly TreeMember[]): boolean;
}

export interface TreeMember {
  pid: number;
  startTime: string | undefined;
}

/**
 * Spawning through execa, and the one stop sequence every service uses:
 * signal the tree, wait for it to be gone (not just the leader), SIGKILL
 * after the grace period.
 */
import { execa } from 'execa';
import { PassThrough } from 'node:stream';
import { readProcessStartTime } from '../shared/proc-info.js';
import type {
  ExitInfo,
  ProcessHandle,
  ProcessManager,
  ProcessPlatform,
  SpawnRequest,
  StopOptions,
  StopResult,
  TreeMember,
} from './types.js';

/** How often a stopping tree is checked for remaining members. */
const TREE_POLL_MS = 25;
/** Grace for processes a service left running in its group after its main process exited. */
const LEFTOVER_GRACE_MS = 1_000;

export function createSpawner(platform: ProcessPlatform): ProcessManager {
  return { spawn: (request) => spawnProcess(platform, request) };
}

function spawnProcess(platform: ProcessPlatform, request: SpawnRequest): ProcessHandle {
  const env = platform.environment?.(request.env) ?? { ...request.env };
  const { file, args, shell } = platform.commandLine(request.command, env, request.cwd);
  const child = execa(file, args, {
    cwd: request.cwd,
    env,
    extendEnv: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    cleanup: false,
    encoding: 'buffer',
    // The shell string is already wrapped by commandLine(); execa must not add another.
    shell: false,
    windowsVerbatimArguments: shell && file.toLowerCase().endsWith('cmd.exe'),
    ...platform.spawnOptions(),
  });
  const pid = child.pid;
  if (pid !== undefined) {
    platform.leaderStarted?.(pid);
    child.once('exit', () => platform.leaderExited?.(pid));
  }
  const startTime = pid === undefined ? undefined : readProcessStartTime(pid);
  const stdout = child.stdout ?? new PassThrough();
  const stderr = child.stderr ?? new PassThrough();
  let tree: TreeMember[] = [];
  let leaderExit: ExitInfo | undefined;

  const leaderExited: Promise<ExitInfo> = child.then(
    (result) => {
      const spawnError =
        result.failed && pid === undefined ? describeSpawnError(file, result.code, result.originalMessage) : undefined;
      leaderExit = {
        code: result.exitCode ?? null,
        signal: (result.signal as NodeJS.Signals | undefined) ?? null,
        ...(spawnError ? { spawnError } : {}),
      };
      return leaderExit;
    },
    (error: unknown) => {
      leaderExit = { code: null, signal: null, spawnError: String(error) };
      return leaderExit;
    },
  );

  // A service ends when its main process ends; what it left running in its
  // group is stopped too, so a finished service never leaves orphans behind.
  const exited: Promise<ExitInfo> = leaderExited.then(async (info) => {
    if (pid === undefined) return info;
    if (stopping) {
      await waitUntil(() => !platform.isTreeAlive(pid, tree), Number.POSITIVE_INFINITY);
      return info;
    }
    if (platform.isTreeAlive(pid, tree)) {
      tree = mergeTrees(tree, platform.snapshotTree(pid, request.marker));
      platform.signalTree(pid, 'SIGTERM', tree);
      if (!(await waitUntil(() => !platform.isTreeAlive(pid, tree), LEFTOVER_GRACE_MS))) {
        await platform.killTree(pid, tree);
        await waitUntil(() => !platform.isTreeAlive(pid, tree), Number.POSITIVE_INFINITY);
      }
    }
    return info;
  });

  let stopping: Promise<StopResult> | undefined;
  const stop = (options: StopOptions): Promise<StopResult> => {
    stopping ??= (async () => {
      if (pid === undefined) return { ...(await leaderExited), killed: false };
      tree = platform.snapshotTree(pid, request.marker);
      if (leaderExit === undefined || platform.isTreeAlive(pid, tree)) platform.signalTree(pid, options.signal, tree);
      const gone = await waitUntil(() => leaderExit !== undefined && !platform.isTreeAlive(pid, tree), options.grace);
      if (!gone) {
        tree = mergeTrees(tree, platform.snapshotTree(pid, request.marker));
        await platform.killTree(pid, tree);
      }
      const info = await exited;
      return { ...info, killed: !gone };
    })();
    return stopping;
  };

  return {
    pid,
    startTime,
    stdout,
    stderr,
    exited,
    stop,
    kill: () => {
      if (pid === undefined) return;
      tree = mergeTrees(tree, platform.snapshotTree(pid, request.marker));
      void platform.killTree(pid, tree);
    },
  };
}

function mergeTrees(a: readonly TreeMember[], b: readonly TreeMember[]): TreeMember[] {
  const seen = new Set(a.map((member) => member.pid));
  return [...a, ...b.filter((member) => !seen.has(member.pid))];
}

/** Polls a cheap condition; resolves true when it holds, false after `timeout`. */
async function waitUntil(condition: () => boolean, timeout: number): Promise<boolean> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(TREE_POLL_MS, Math.max(1, deadline - Date.now()))));
  }
  return true;
}

function describeSpawnError(file: string, code: string | undefined, message: string | undefined): string {
  if (code === 'ENOENT') return `command not found: ${file}`;
  if (code === 'EACCES') return `permission denied: ${file}`;
  return message ?? `could not start ${file}`;
}

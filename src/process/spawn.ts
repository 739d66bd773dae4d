/**
 * Spawning, and the one stop sequence every service uses: signal the tree,
 * wait for it to be gone (not just the leader), SIGKILL after the grace period.
 *
 * node:child_process directly, not execa: execa is ~100 ES modules whose
 * loading cost more CPU than everything else `dev up` does before its first
 * spawn (measured: +110 ms of a ~70 ms node start). Its semantics for our
 * options (buffer: false, reject: false, no transforms) are kept: the leader
 * has exited once its exit is seen AND its stdout/stderr have ended
 * (child_process 'close'), and a spawn failure is reported by its errno code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { readProcessStartTime } from '../shared/proc-info.js';
import { mark } from '../shared/timeline.js';
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
  const child = spawn(file, args, {
    cwd: request.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // The shell string is already wrapped by commandLine(); spawn must not add another.
    shell: false,
    windowsVerbatimArguments: shell && file.toLowerCase().endsWith('cmd.exe'),
    ...platform.spawnOptions(),
  });
  const pid = child.pid;
  mark(`spawned ${pid ?? '(failed)'}: ${file}`);
  if (pid !== undefined) {
    platform.leaderStarted?.(pid);
    child.once('exit', () => platform.leaderExited?.(pid));
  }
  const startTime = pid === undefined ? undefined : readProcessStartTime(pid);
  const stdout = child.stdout ?? new PassThrough();
  const stderr = child.stderr ?? new PassThrough();
  // A pipe error must not crash netra (execa listened for it too); 'close' still follows.
  stdout.on('error', () => undefined);
  stderr.on('error', () => undefined);
  let tree: TreeMember[] = [];
  let leaderExit: ExitInfo | undefined;

  const leaderExited: Promise<ExitInfo> = whenClosed(child).then((closed) => {
    leaderExit =
      closed.error !== undefined && pid === undefined
        ? { code: null, signal: null, spawnError: describeSpawnError(file, closed.error.code, closed.error.message) }
        : { code: closed.code, signal: closed.signal };
    return leaderExit;
  });

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
      // Checked again the moment the leader's exit is seen: a stop need not wait for the next poll.
      const gone = await waitUntil(() => leaderExit !== undefined && !platform.isTreeAlive(pid, tree), options.grace, leaderExited);
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

interface Closed {
  code: number | null;
  signal: NodeJS.Signals | null;
  error: NodeJS.ErrnoException | undefined;
}

/**
 * Resolves once the child has exited and its pipes have ended ('close'), or
 * at once when it could not be started at all ('error' without a pid: no
 * 'close' is owed then). A spawn failure's exit code is libuv's negative
 * errno, which is no exit code: reported as null, like execa did.
 */
function whenClosed(child: ChildProcess): Promise<Closed> {
  return new Promise((resolve) => {
    let error: NodeJS.ErrnoException | undefined;
    child.on('error', (cause: NodeJS.ErrnoException) => {
      error ??= cause;
      if (child.pid === undefined) resolve({ code: null, signal: null, error });
    });
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      resolve({ code: code !== null && code < 0 ? null : code, signal, error });
    });
  });
}

function mergeTrees(a: readonly TreeMember[], b: readonly TreeMember[]): TreeMember[] {
  const seen = new Set(a.map((member) => member.pid));
  return [...a, ...b.filter((member) => !seen.has(member.pid))];
}

/**
 * Polls a cheap condition; resolves true when it holds, false after
 * `timeout`. The condition is also checked as soon as `wake` settles.
 */
async function waitUntil(condition: () => boolean, timeout: number, wake?: Promise<unknown>): Promise<boolean> {
  const deadline = Date.now() + timeout;
  // Once it has woken a round, later rounds just poll.
  let pending: Promise<void> | undefined = wake?.then(() => {
    pending = undefined;
  });
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    let timer: NodeJS.Timeout | undefined;
    const poll = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(TREE_POLL_MS, Math.max(1, deadline - Date.now())))));
    await (pending ? Promise.race([poll, pending]) : poll);
    clearTimeout(timer);
  }
  return true;
}

function describeSpawnError(file: string, code: string | undefined, message: string | undefined): string {
  if (code === 'ENOENT') return `command not found: ${file}`;
  if (code === 'EACCES') return `permission denied: ${file}`;
  return message ?? `could not start ${file}`;
}

/**
 * Runs the built CLI (`node bin/netra.js …`) as a black box: a given cwd and
 * environment, stdout and stderr collected, the exit code awaited. Each run
 * carries a fresh NETRA_TEST_MARKER that every process it starts inherits.
 * Waiting is on output or exit, each with a timeout; never on sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MARKER_NAME, killMarkedProcesses, leftoversAfterExit, newMarker } from './stack-processes.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const netraBin = `${repoRoot}bin/netra.js`;

export interface NetraExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface NetraRunOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Kill netra (SIGKILL) and fail after this long; default 50 s (machines under load are slow). */
  timeout?: number;
}

export interface NetraProcess {
  readonly child: ChildProcess;
  readonly marker: string;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first line of `stream` (already printed or future) matching; rejects on timeout or exit. */
  waitForLine(stream: 'stdout' | 'stderr', pattern: RegExp, timeout?: number): Promise<RegExpExecArray>;
  signal(signal: NodeJS.Signals): void;
  readonly exited: Promise<NetraExit>;
  /** SIGKILL netra if still running and every process carrying its marker. */
  dispose(): Promise<void>;
}

function assertBuilt(): void {
  if (!existsSync(`${repoRoot}dist/cli/main.js`)) {
    throw new Error('dist/ is missing: run `npm run build` (npx tsc -p tsconfig.build.json) before the e2e tests');
  }
}

/** Environment of a netra run: no TTY colours or CI redraws leaking in from the test runner. */
function runEnv(marker: string, extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', [MARKER_NAME]: marker, ...extra };
  delete env['FORCE_COLOR'];
  return env;
}

export function startNetra(args: readonly string[], options: NetraRunOptions): NetraProcess {
  assertBuilt();
  const marker = newMarker();
  const child = spawn(process.execPath, [netraBin, ...args], {
    cwd: options.cwd,
    env: runEnv(marker, options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const text = { stdout: '', stderr: '' };
  const waiters = new Set<() => void>();
  const notify = (): void => {
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    text.stdout += chunk;
    notify();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    text.stderr += chunk;
    notify();
  });
  let done = false;
  const timeoutMs = options.timeout ?? 50_000;
  const exited = new Promise<NetraExit>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`netra ${args.join(' ')} did not exit within ${timeoutMs} ms\nstdout:\n${tail(text.stdout)}\nstderr:\n${tail(text.stderr)}`));
    }, timeoutMs);
    child.once('error', reject);
    // 'close' (not 'exit'): both pipes are drained, so stdout/stderr are complete.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      done = true;
      notify();
      resolve({ code, signal, stdout: text.stdout, stderr: text.stderr });
    });
  });
  exited.catch(() => undefined);

  const waitForLine = (stream: 'stdout' | 'stderr', pattern: RegExp, timeout = 40_000): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      // Only lines not yet examined by this waiter are scanned: output can be large.
      let scanned = 0;
      const check = (): void => {
        const all = text[stream];
        const end = done ? all.length : all.lastIndexOf('\n') + 1;
        if (end > scanned) {
          for (const line of all.slice(scanned, end).split('\n')) {
            const match = pattern.exec(line);
            if (match) return finish(() => resolve(match));
          }
          scanned = end;
        }
        if (done) finish(() => reject(new Error(`netra exited before ${stream} showed ${pattern}\nstdout:\n${tail(text.stdout)}\nstderr:\n${tail(text.stderr)}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no ${stream} line matched ${pattern} within ${timeout} ms\nstdout:\n${tail(text.stdout)}\nstderr:\n${tail(text.stderr)}`))),
        timeout,
      );
      const finish = (fn: () => void): void => {
        clearTimeout(timer);
        waiters.delete(check);
        fn();
      };
      waiters.add(check);
      check();
    });

  return {
    child,
    marker,
    pid: child.pid!,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    waitForLine,
    signal: (signal) => void child.kill(signal),
    exited,
    dispose: async () => {
      if (!done) {
        child.kill('SIGKILL');
        await exited.catch(() => undefined);
      }
      killMarkedProcesses(marker);
    },
  };
}

export interface NetraResult extends NetraExit {
  marker: string;
  /** Processes carrying the run's marker still alive right after netra exited (then killed). */
  leftovers: { pid: number; command: string }[];
}

/** Runs netra to its exit; leftovers carrying its marker are recorded, then killed. */
export async function runNetra(args: readonly string[], options: NetraRunOptions): Promise<NetraResult> {
  const run = startNetra(args, options);
  try {
    const exit = await run.exited;
    return { ...exit, marker: run.marker, leftovers: await leftoversAfterExit(run.marker) };
  } finally {
    await run.dispose();
  }
}

function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}

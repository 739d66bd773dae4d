import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** A child node process that speaks one JSON object per stdout line. */
export interface JsonChild {
  readonly process: ChildProcess;
  /** Resolves with the next message that satisfies `match` (messages are queued, none lost). */
  next<T = Record<string, unknown>>(match?: (message: Record<string, unknown>) => boolean): Promise<T>;
  send(line: string): void;
  /** Kills it (SIGKILL) if still running and waits for its exit. */
  stop(): Promise<void>;
}

export function spawnJsonChild(script: string, args: string[], options: { cwd?: string } = {}): JsonChild {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const queue: Record<string, unknown>[] = [];
  const waiters: { match: (m: Record<string, unknown>) => boolean; resolve: (m: unknown) => void }[] = [];
  let exited = false;
  child.once('exit', () => (exited = true));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const index = waiters.findIndex((waiter) => waiter.match(message));
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(message);
    else queue.push(message);
  });
  return {
    process: child,
    next<T>(match: (message: Record<string, unknown>) => boolean = () => true): Promise<T> {
      const index = queue.findIndex(match);
      if (index >= 0) return Promise.resolve(queue.splice(index, 1)[0] as T);
      return new Promise<T>((resolve) => waiters.push({ match, resolve: resolve as (m: unknown) => void }));
    },
    send(line) {
      child.stdin!.write(`${line}\n`);
    },
    async stop() {
      if (exited) return;
      const exit = once(child, 'exit');
      child.kill('SIGKILL');
      await exit;
    },
  };
}

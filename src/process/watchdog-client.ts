/**
 * netra's side of the orphan guard (watchdog.ts): start it in its own
 * session, feed it process groups, and say "done" on a clean exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Watchdog {
  watchGroup(pgid: number, startTime: string | undefined): void;
  /** Clean shutdown: the watchdog exits without touching anything. */
  release(): void;
}

export function startWatchdog(marker: { name: string; value: string }): Watchdog {
  const entry = fileURLToPath(new URL('./watchdog.js', import.meta.url));
  if (!existsSync(entry) || process.platform === 'win32') {
    // Running from source (unit tests) or on Windows (job objects would be the tool there): no guard.
    return { watchGroup: () => undefined, release: () => undefined };
  }
  const child: ChildProcess = spawn(process.execPath, [entry], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.unref();
  const stdin = child.stdin!;
  (stdin as unknown as { unref?: () => void }).unref?.();
  stdin.on('error', () => undefined);
  const send = (message: unknown): void => {
    if (!stdin.destroyed) stdin.write(`${JSON.stringify(message)}\n`);
  };
  send({ marker });
  return {
    watchGroup: (pgid, startTime) => send({ group: { pgid, startTime } }),
    release: () => {
      send({ done: true });
      stdin.end();
    },
  };
}

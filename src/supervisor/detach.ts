/**
 * `dev up --detach`: the same `dev up` in a session of its own, its netra
 * messages in `.netra/supervisor.log` (service lines are in .netra/logs/).
 * Returns once the stack is ready (exit 0), or with the child's exit code
 * and the tail of its log when it could not start.
 */
import { spawn } from 'node:child_process';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { delay } from '../shared/clock.js';
import { isProcessAlive } from '../shared/proc-info.js';
import { connectControl } from './control-client.js';
import type { StackStateFile } from './state-file.js';

export interface DetachOptions {
  stateDir: string;
  /** The netra entry script and the arguments of `dev up` without --detach. */
  entry: string;
  args: readonly string[];
  cwd: string;
  /** Gives up waiting for readiness after this long (the stack keeps running). */
  waitMs?: number;
}

export type DetachResult =
  | { ok: true; pid: number; services: StackStateFile['services'] }
  | { ok: false; exitCode: number; logTail: string };

export async function detachDevUp(options: DetachOptions): Promise<DetachResult> {
  await mkdir(options.stateDir, { recursive: true });
  const logPath = join(options.stateDir, 'supervisor.log');
  const log = await open(logPath, 'a');
  const child = spawn(process.execPath, [options.entry, ...options.args], {
    cwd: options.cwd,
    detached: true,
    stdio: ['ignore', 'ignore', log.fd],
    env: { ...process.env, NETRA_DETACHED: '1', CI: 'true' },
  });
  await log.close();
  let exitCode: number | undefined;
  child.on('exit', (code, signal) => (exitCode = code ?? (signal ? 1 : 0)));
  child.unref();
  const deadline = Date.now() + (options.waitMs ?? 300_000);
  while (Date.now() < deadline) {
    if (exitCode !== undefined || (child.pid !== undefined && !isProcessAlive(child.pid))) {
      await delay(50);
      return { ok: false, exitCode: exitCode ?? 1, logTail: await tail(logPath, 30) };
    }
    const status = await readStatus(options.stateDir, child.pid);
    if (status && Object.values(status.services).every((s) => s.state === 'ready' || s.state === 'completed')) {
      return { ok: true, pid: status.pid, services: status.services };
    }
    await delay(100);
  }
  return { ok: false, exitCode: 1, logTail: `still not ready after ${Math.round((options.waitMs ?? 300_000) / 1000)} s; see ${logPath}` };
}

async function readStatus(stateDir: string, pid: number | undefined): Promise<StackStateFile | undefined> {
  try {
    const client = await connectControl(stateDir);
    if (client.pid !== pid) return undefined;
    return (await client.request<StackStateFile>('GET', '/v1/status')).body;
  } catch {
    return undefined;
  }
}

async function tail(path: string, lines: number): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).split('\n').slice(-lines - 1).join('\n');
  } catch {
    return '';
  }
}

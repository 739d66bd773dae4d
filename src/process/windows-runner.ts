/**
 * The side effects of the Windows process manager, injectable so that its
 * exact behaviour (which taskkill calls, in which order) is unit-tested on
 * Linux, where there is no Windows to run it on.
 */
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a program (no shell) to completion. Never rejects: a failure to start is exit code -1. */
export type CommandRunner = (file: string, args: readonly string[]) => Promise<CommandResult>;

export const runCommand: CommandRunner = (file, args) =>
  new Promise((resolve) => {
    execFile(file, [...args], { windowsHide: true, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : (error as { code?: unknown }).code;
      resolve({
        exitCode: typeof code === 'number' ? code : error === null ? 0 : -1,
        stdout: String(stdout),
        stderr: String(stderr) || (error !== null && typeof code !== 'number' ? error.message : ''),
      });
    });
  });

/** True when a regular file exists at the path. */
export function fileExists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * `process.kill(pid, 0)` opens the process and checks it has not exited
 * (libuv uv_kill). EPERM means it exists but is not ours to open: alive.
 */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

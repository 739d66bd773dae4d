import { spawn, type ChildProcess } from 'node:child_process';
import { currentPlatform, type Platform } from '../shared/platform.js';

/** How much of the command's output is kept to explain a failure. */
const OUTPUT_TAIL_BYTES = 2048;

export interface ExecProbeSpec {
  /** An argv array runs without a shell; a string runs through the platform shell. */
  command: readonly string[] | string;
  cwd: string;
  /** Merged over the current environment (PATH and friends stay available). */
  env: Record<string, string>;
}

/**
 * One exec readiness attempt: the command must exit 0. On abort (attempt
 * timeout, readiness timeout or the caller's signal) the whole process tree is
 * killed and the promise settles only once the child has exited, so a hung
 * check never outlives its attempt.
 */
export function probeExec(
  spec: ExecProbeSpec,
  signal: AbortSignal,
  platform: Platform = currentPlatform(),
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const options = {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
      // POSIX: own process group, so a shell's children die with it on abort.
      detached: platform === 'posix',
      windowsHide: true,
    };
    let child: ChildProcess;
    if (typeof spec.command === 'string') {
      child = spawn(spec.command, { ...options, shell: true });
    } else {
      const [file, ...args] = spec.command;
      if (file === undefined) {
        reject(new Error('empty exec command'));
        return;
      }
      child = spawn(file, args, { ...options, shell: false });
    }
    let tail = '';
    const keep = (chunk: Buffer): void => {
      tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let abortReason: unknown;
    const onAbort = (): void => {
      abortReason = signal.reason;
      killTree(child, platform);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    child.once('error', (error: NodeJS.ErrnoException) => {
      signal.removeEventListener('abort', onAbort);
      reject(new Error(`cannot run ${commandName(spec.command)}: ${error.code ?? error.message}`));
    });
    child.once('exit', (code, exitSignal) => {
      signal.removeEventListener('abort', onAbort);
      // Grandchildren may still hold the pipes: stop reading rather than wait for them.
      child.stdout?.destroy();
      child.stderr?.destroy();
      if (abortReason !== undefined) {
        reject(abortReason);
        return;
      }
      if (code === 0) {
        resolve();
        return;
      }
      const how = exitSignal ? `was killed by ${exitSignal}` : `exited with code ${code}`;
      const output = lastLine(tail);
      reject(new Error(`${commandName(spec.command)} ${how}${output ? `: ${output}` : ''}`));
    });
  });
}

function killTree(child: ChildProcess, platform: Platform): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (platform === 'posix') process.kill(-child.pid, 'SIGKILL');
    // Windows: no process groups; the probe's direct child is what we can reach here.
    else child.kill();
  } catch {
    child.kill('SIGKILL');
  }
}

function commandName(command: readonly string[] | string): string {
  return typeof command === 'string' ? command : command.join(' ');
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  return lines.at(-1)?.trim() ?? '';
}

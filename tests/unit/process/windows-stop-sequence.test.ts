/**
 * The Windows platform driven by the real stop sequence of spawn.ts, with a
 * real child process on Linux: commandLine is POSIX's (there is no cmd.exe
 * here) and the fake taskkill ends the child with a POSIX signal. What is
 * checked is the order and the conditions of the taskkill calls.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { posixPlatform } from '../../../src/process/posix.js';
import { createSpawner } from '../../../src/process/spawn.js';
import type { ProcessHandle, ProcessPlatform } from '../../../src/process/types.js';
import { createWindowsPlatform } from '../../../src/process/windows.js';
import type { CommandResult } from '../../../src/process/windows-runner.js';

const FOREVER = "process.stdout.write('up\\n'); setInterval(() => {}, 1000);";

interface Harness {
  calls: string[][];
  platform: ProcessPlatform;
}

/**
 * `politeEndsIt`: whether `taskkill /T` without /F ends the child (a windowed
 * app answering WM_CLOSE) or is refused (a console program).
 */
function harness(options: { politeEndsIt: boolean; recycled?: Set<number> }): Harness {
  const calls: string[][] = [];
  const runCommand = async (_file: string, args: readonly string[]): Promise<CommandResult> => {
    calls.push([...args]);
    const pid = Number(args[1]);
    const force = args.includes('/F');
    if (!force && !options.politeEndsIt) {
      return { exitCode: 1, stdout: '', stderr: 'ERROR: This process can only be terminated forcefully (with /F option).' };
    }
    try {
      process.kill(pid, force ? 'SIGKILL' : 'SIGTERM');
      return { exitCode: 0, stdout: 'SUCCESS', stderr: '' };
    } catch {
      return { exitCode: 128, stdout: '', stderr: `ERROR: The process "${pid}" not found.` };
    }
  };
  const isPidAlive = (pid: number): boolean => {
    if (options.recycled?.has(pid)) return true;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const windows = createWindowsPlatform({ runCommand, isPidAlive, env: { SystemRoot: 'C:\\Windows' } });
  return { calls, platform: { ...windows, commandLine: posixPlatform.commandLine } };
}

const handles: ProcessHandle[] = [];

function start(platform: ProcessPlatform, script: string): Promise<ProcessHandle> {
  const handle = createSpawner(platform).spawn({ command: [process.execPath, '-e', script], cwd: process.cwd(), env: {} });
  handles.push(handle);
  return new Promise((resolve, reject) => {
    handle.stdout.once('data', () => resolve(handle));
    void handle.exited.then((exit) => reject(new Error(`exited before it was up: ${JSON.stringify(exit)}`)));
  });
}

afterEach(async () => {
  for (const handle of handles.splice(0)) {
    handle.kill();
    if (handle.pid !== undefined) {
      try {
        process.kill(handle.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await handle.exited;
  }
});

describe('Windows stop sequence through spawn.ts', () => {
  it('a console program: taskkill /T is refused, then after the grace taskkill /T /F ends the tree', async () => {
    const { calls, platform } = harness({ politeEndsIt: false });
    const handle = await start(platform, FOREVER);
    const result = await handle.stop({ signal: 'SIGTERM', grace: 300 });
    expect(calls).toEqual([
      ['/pid', String(handle.pid), '/T'],
      ['/pid', String(handle.pid), '/T', '/F'],
    ]);
    expect(result.killed).toBe(true);
  });

  it('a program that ends on the polite request is never forced', async () => {
    const { calls, platform } = harness({ politeEndsIt: true });
    const handle = await start(platform, FOREVER);
    const result = await handle.stop({ signal: 'SIGTERM', grace: 30_000 });
    expect(calls).toEqual([['/pid', String(handle.pid), '/T']]);
    expect(result).toMatchObject({ killed: false, signal: 'SIGTERM' });
  });

  it('after the service exits on its own, its pid is never passed to taskkill, even if it is reused', async () => {
    const recycled = new Set<number>();
    const { calls, platform } = harness({ politeEndsIt: false, recycled });
    const handle = await start(platform, "process.stdout.write('up\\n'); setTimeout(() => process.exit(3), 50);");
    const exit = await handle.exited;
    // Another process now has the pid: a stop must not touch it.
    recycled.add(handle.pid!);
    const result = await handle.stop({ signal: 'SIGTERM', grace: 300 });
    expect(exit.code).toBe(3);
    expect(result.killed).toBe(false);
    expect(calls).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { createWindowsPlatform, TASKKILL_NOT_FOUND } from '../../../src/process/windows.js';
import type { CommandResult } from '../../../src/process/windows-runner.js';

const TASKKILL = 'C:\\Windows\\System32\\taskkill.exe';

interface Call {
  file: string;
  args: readonly string[];
}

/** A fake taskkill: records every call, answers with the next scripted result (default: success). */
function fakeRunner(results: Partial<CommandResult>[] = []) {
  const calls: Call[] = [];
  const runCommand = async (file: string, args: readonly string[]): Promise<CommandResult> => {
    calls.push({ file, args });
    return { exitCode: 0, stdout: '', stderr: '', ...results.shift() };
  };
  return { calls, runCommand };
}

function setup(options: { results?: Partial<CommandResult>[]; alive?: Set<number> } = {}) {
  const runner = fakeRunner(options.results);
  const alive = options.alive ?? new Set<number>([4242]);
  const terminated: number[] = [];
  const platform = createWindowsPlatform({
    runCommand: runner.runCommand,
    isPidAlive: (pid) => alive.has(pid),
    terminatePid: (pid) => terminated.push(pid),
    pathExists: () => false,
    env: { SystemRoot: 'C:\\Windows' },
  });
  return { platform, calls: runner.calls, alive, terminated };
}

/** Lets the fire-and-forget taskkill of signalTree run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('windows platform: stopping a tree', () => {
  it('asks politely with taskkill /pid <pid> /T, then forces with /T /F — in that order, by pid only', async () => {
    const { platform, calls } = setup({ results: [{ exitCode: 1, stderr: 'This process can only be terminated forcefully' }] });
    platform.leaderStarted?.(4242);
    platform.signalTree(4242, 'SIGTERM');
    await settle();
    await platform.killTree(4242, platform.snapshotTree(4242, undefined));
    expect(calls).toEqual([
      { file: TASKKILL, args: ['/pid', '4242', '/T'] },
      { file: TASKKILL, args: ['/pid', '4242', '/T', '/F'] },
    ]);
    for (const call of calls) {
      expect(call.args).not.toContain('/IM');
      expect(call.file.toLowerCase()).not.toContain('wmic');
    }
  });

  it('sends /F at once when the stop signal is SIGKILL', async () => {
    const { platform, calls } = setup();
    platform.signalTree(4242, 'SIGKILL');
    await settle();
    expect(calls).toEqual([{ file: TASKKILL, args: ['/pid', '4242', '/T', '/F'] }]);
  });

  it('treats exit code 128 (process not found) as already gone, with no fallback', async () => {
    const { platform, calls, terminated } = setup({ results: [{ exitCode: TASKKILL_NOT_FOUND }] });
    await expect(platform.killTree(4242, [])).resolves.toBeUndefined();
    expect(calls).toHaveLength(1);
    expect(terminated).toEqual([]);
  });

  it('falls back to terminating the root when taskkill fails and the root is still alive', async () => {
    const { platform, terminated } = setup({ results: [{ exitCode: -1, stderr: 'spawn taskkill.exe ENOENT' }] });
    await platform.killTree(4242, []);
    expect(terminated).toEqual([4242]);
  });

  it('does not fall back when taskkill failed but the root is gone', async () => {
    const { platform, terminated } = setup({ results: [{ exitCode: 1 }], alive: new Set() });
    await platform.killTree(4242, []);
    expect(terminated).toEqual([]);
  });

  it('never rejects, even when the runner itself throws', async () => {
    const terminated: number[] = [];
    const platform = createWindowsPlatform({
      runCommand: () => Promise.reject(new Error('boom')),
      isPidAlive: () => true,
      terminatePid: (pid) => terminated.push(pid),
      env: {},
    });
    await expect(platform.killTree(7, [])).resolves.toBeUndefined();
    expect(terminated).toEqual([7]);
  });

  it('finds taskkill under SystemRoot in any casing, and falls back to taskkill.exe', async () => {
    const calls: Call[] = [];
    const record = async (file: string, args: readonly string[]) => {
      calls.push({ file, args });
      return { exitCode: 0, stdout: '', stderr: '' };
    };
    await createWindowsPlatform({ runCommand: record, env: { SYSTEMROOT: 'D:\\Win' } }).killTree(1, []);
    await createWindowsPlatform({ runCommand: record, env: {} }).killTree(2, []);
    expect(calls.map((call) => call.file)).toEqual(['D:\\Win\\System32\\taskkill.exe', 'taskkill.exe']);
  });

  it('never kills recorded members other than the root: without start times they could be anyone', async () => {
    const { platform, calls } = setup({ alive: new Set([4242, 5000]) });
    await platform.killTree(4242, [{ pid: 5000, startTime: undefined }]);
    expect(calls.map((call) => call.args[1])).toEqual(['4242']);
  });
});

describe('windows platform: a root whose exit was seen', () => {
  it('is no longer signalled, killed or reported alive (its pid may be reused)', async () => {
    const { platform, calls, alive } = setup({ alive: new Set([4242]) });
    platform.leaderStarted?.(4242);
    expect(platform.isTreeAlive(4242, [])).toBe(true);
    platform.leaderExited?.(4242);
    // The pid is live again: another process got it.
    expect(alive.has(4242)).toBe(true);
    expect(platform.isTreeAlive(4242, [])).toBe(false);
    platform.signalTree(4242, 'SIGTERM');
    await platform.killTree(4242, []);
    await settle();
    expect(calls).toEqual([]);
  });

  it('is tracked again when a new leader of ours starts with that pid', async () => {
    const { platform, calls } = setup({ alive: new Set([4242]) });
    platform.leaderExited?.(4242);
    platform.leaderStarted?.(4242);
    expect(platform.isTreeAlive(4242, [])).toBe(true);
    await platform.killTree(4242, []);
    expect(calls).toHaveLength(1);
  });
});

describe('windows platform: tree and spawn options', () => {
  it('knows the root only (taskkill /T finds the descendants)', () => {
    const { platform } = setup();
    expect(platform.snapshotTree(4242, { name: 'NETRA_SERVICE_ID', value: 's:api' })).toEqual([]);
  });

  it('is alive exactly while the root pid is', () => {
    const { platform, alive } = setup({ alive: new Set([4242]) });
    expect(platform.isTreeAlive(4242, [])).toBe(true);
    alive.delete(4242);
    expect(platform.isTreeAlive(4242, [])).toBe(false);
  });

  it('shares the console (not detached) and hides windows', () => {
    expect(setup().platform.spawnOptions()).toEqual({ detached: false, windowsHide: true });
  });

  it('gives the child one key per case-insensitive variable', () => {
    const { platform } = setup();
    expect(platform.environment?.({ Path: 'inherited', PATH: 'config', X: '1' })).toEqual({ Path: 'config', X: '1' });
  });

  it('resolves argv commands with the injected pathExists and the child cwd and env', () => {
    const platform = createWindowsPlatform({
      pathExists: (file) => file.toLowerCase() === 'c:\\work\\bin\\serve.cmd',
      env: {},
    });
    const command = platform.commandLine(['bin\\serve', '--port', '3000'], { ComSpec: 'C:\\Windows\\system32\\cmd.exe' }, 'C:\\work');
    expect(command).toEqual({
      file: 'C:\\Windows\\system32\\cmd.exe',
      args: ['/d', '/s', '/c', '""C:\\work\\bin\\serve.CMD" ^^^"--port^^^" ^^^"3000^^^""'],
      shell: true,
    });
  });
});

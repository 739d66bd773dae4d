import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  findPidsWithEnv,
  isProcessAlive,
  isSameProcess,
  listChildPids,
  readProcessCommand,
  readProcessStartTime,
  readProcessStat,
} from '../../../src/shared/proc-info.js';

const hang = fileURLToPath(new URL('../../fixtures/race/hang.mjs', import.meta.url));
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exit = once(child, 'exit');
    child.kill('SIGKILL');
    await exit;
  }
});

async function spawnHang(env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [hang], { stdio: 'ignore', env: { ...process.env, ...env } });
  children.push(child);
  await once(child, 'spawn');
  return child;
}

describe.runIf(process.platform === 'linux')('proc-info on Linux', () => {
  it('reads stat fields, start time and command line of a live child', async () => {
    const child = await spawnHang();
    const pid = child.pid!;
    const stat = readProcessStat(pid);
    expect(stat).toMatchObject({ pid, ppid: process.pid });
    expect(stat?.startTime).toMatch(/^\d+$/);
    expect(readProcessStartTime(pid)).toBe(stat?.startTime);
    await expect.poll(() => readProcessCommand(pid)).toContain('hang.mjs');
    expect(listChildPids(process.pid)).toContain(pid);
  });

  it('tells a live process, a dead one and a recycled-looking pid apart', async () => {
    const child = await spawnHang();
    const pid = child.pid!;
    const startTime = readProcessStartTime(pid);
    expect(isProcessAlive(pid)).toBe(true);
    expect(isSameProcess(pid, startTime)).toBe(true);
    expect(isSameProcess(pid, '1')).toBe(false);
    const exit = once(child, 'exit');
    child.kill('SIGKILL');
    await exit;
    expect(isProcessAlive(pid)).toBe(false);
    expect(readProcessStartTime(pid)).toBeUndefined();
    expect(isSameProcess(pid, startTime)).toBe(false);
  });

  it.runIf(existsSync('/usr/bin/perl'))('does not count a zombie (exited, not yet reaped) as alive', async () => {
    // perl forks a child that exits at once and never reaps it.
    const parent = spawn('perl', ['-e', 'my $pid = fork(); if ($pid == 0) { exit 0 } $| = 1; print "$pid\\n"; sleep 60'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(parent);
    const [chunk] = (await once(parent.stdout!, 'data')) as [Buffer];
    const zombie = Number(chunk.toString().trim());
    await expect.poll(() => readProcessStat(zombie)?.state).toBe('Z');
    expect(isProcessAlive(zombie)).toBe(false);
  });

  it('finds the processes carrying an environment marker, and only those', async () => {
    const marker = `run-${process.pid}-${Date.now()}`;
    const marked = await spawnHang({ NETRA_TEST_MARKER: marker });
    const other = await spawnHang({ NETRA_TEST_MARKER: `${marker}-other` });
    const found = findPidsWithEnv('NETRA_TEST_MARKER', marker);
    expect(found).toEqual([marked.pid]);
    expect(found).not.toContain(other.pid);
  });

  it('knows nothing about a pid that does not exist', () => {
    expect(isProcessAlive(0)).toBe(false);
    expect(isProcessAlive(-1)).toBe(false);
    expect(readProcessStat(2 ** 22 + 1)).toBeUndefined();
    expect(readProcessCommand(2 ** 22 + 1)).toBeUndefined();
  });
});

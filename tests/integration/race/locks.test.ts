import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, isLockAlive, readLiveLock, readLock, type LockHandle } from '../../../src/race/index.js';
import { isNetraError } from '../../../src/shared/errors.js';
import { isProcessAlive, readProcessStartTime } from '../../../src/shared/proc-info.js';
import { spawnJsonChild, type JsonChild } from './json-child.js';

const contender = fileURLToPath(new URL('../../fixtures/race/lock-contender.mjs', import.meta.url));
const hang = fileURLToPath(new URL('../../fixtures/race/hang.mjs', import.meta.url));

let dir: string;
let stateDir: string;
const cleanups: (() => Promise<unknown> | void)[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'netra-lock-'));
  stateDir = join(dir, '.netra');
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function contenderChild(): JsonChild {
  const child = spawnJsonChild(contender, [stateDir]);
  cleanups.push(() => child.stop());
  return child;
}

/** A real, unrelated, live process (not ours to kill but the test's own fixture). */
async function liveForeignPid(): Promise<number> {
  const child = spawn(process.execPath, [hang], { stdio: 'ignore' });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exit = once(child, 'exit');
      child.kill('SIGKILL');
      await exit;
    }
  });
  await once(child, 'spawn');
  return child.pid!;
}

async function writeLock(content: unknown): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  await writeFile(join(stateDir, 'lock'), typeof content === 'string' ? content : JSON.stringify(content));
}

async function expectLockHeld(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isNetraError(error)) throw new Error(`expected LOCK_HELD, got ${String(error)}`);
  expect(error.code).toBe('LOCK_HELD');
  expect(error.exitCode).toBe(3);
  expect(error.hint).toBe('stop it with `netra dev down` or Ctrl+C in its terminal');
  return error.message;
}

describe('acquireLock', () => {
  it('two processes racing: exactly one wins, the other gets LOCK_HELD naming it', async () => {
    const a = contenderChild();
    const b = contenderChild();
    await Promise.all([a.next(), b.next()]); // both loaded
    a.send('go');
    b.send('go');
    const results = await Promise.all([a.next((m) => 'result' in m), b.next((m) => 'result' in m)]);
    const winners = results.filter((r) => r['result'] === 'won');
    const losers = results.filter((r) => r['result'] === 'held');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winnerPid = winners[0]!['pid'] as number;
    expect(losers[0]).toMatchObject({ code: 'LOCK_HELD', exitCode: 3 });
    expect(losers[0]!['message']).toContain(`another netra dev up (pid ${winnerPid}, started `);
    const onDisk = await readLock(stateDir);
    expect(onDisk).toMatchObject({ pid: winnerPid, hostname: hostname(), controlPort: null });
    expect(onDisk?.pidStartTime).toBe(readProcessStartTime(winnerPid));
    const winner = winnerPid === a.process.pid ? a : b;
    winner.send('release');
    await winner.next((m) => m['released'] === true);
    expect(await readLock(stateDir)).toBeUndefined();
  });

  it('many concurrent acquires in one process: one wins', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => acquireLock(stateDir)));
    const won = outcomes.filter((o): o is PromiseFulfilledResult<LockHandle> => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') await expectLockHeld(Promise.reject(o.reason));
    await won[0]!.value.release();
  });

  it('takes over a lock whose pid is dead, with a warning', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await once(child, 'exit');
    const deadPid = child.pid!;
    await writeLock({ pid: deadPid, startedAt: '2020-01-01T00:00:00.000Z', hostname: hostname(), controlPort: 1234 });
    const warnings: string[] = [];
    const handle = await acquireLock(stateDir, { onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([
      `took over a stale lock from pid ${deadPid} (started 2020-01-01T00:00:00.000Z): pid ${deadPid} is no longer running`,
    ]);
    expect(await readLock(stateDir)).toMatchObject({ pid: process.pid, controlPort: null });
    await handle.release();
  });

  it('takes over a lock whose live pid has another start time (a recycled pid), leaving that process alone', async () => {
    const pid = await liveForeignPid();
    await writeLock({ pid, startedAt: '2020-01-01T00:00:00.000Z', hostname: hostname(), controlPort: null, pidStartTime: '1' });
    const warnings: string[] = [];
    const handle = await acquireLock(stateDir, { onWarning: (w) => warnings.push(w) });
    expect(warnings[0]).toContain(`pid ${pid} now belongs to another process`);
    expect(isProcessAlive(pid)).toBe(true);
    await handle.release();
  });

  it('refuses a lock held by a live process with the recorded start time', async () => {
    const pid = await liveForeignPid();
    const pidStartTime = readProcessStartTime(pid);
    expect(pidStartTime).toBeDefined();
    const info = { pid, startedAt: '2024-05-01T10:00:00.000Z', hostname: hostname(), controlPort: 4321, pidStartTime };
    await writeLock(info);
    expect(isLockAlive({ ...info })).toBe(true);
    const message = await expectLockHeld(acquireLock(stateDir));
    expect(message).toBe(`another netra dev up (pid ${pid}, started 2024-05-01T10:00:00.000Z) is running this project`);
    expect(JSON.parse(await readFile(join(stateDir, 'lock'), 'utf8'))).toEqual(info);
  });

  it('takes over an unreadable lock file, and a foreign-host lock it cannot verify', async () => {
    await writeLock('{"pid": 12');
    const warnings: string[] = [];
    const first = await acquireLock(stateDir, { onWarning: (w) => warnings.push(w) });
    expect(warnings[0]).toMatch(/^took over an unreadable lock file /);
    await first.release();

    await writeLock({ pid: await liveForeignPid(), startedAt: '2020-01-01T00:00:00.000Z', hostname: 'elsewhere', controlPort: null });
    const second = await acquireLock(stateDir, { onWarning: (w) => warnings.push(w) });
    expect(warnings[1]).toContain('it was taken on host elsewhere');
    await second.release();
  });

  it('many racers over one stale lock: exactly one takes it over', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await once(child, 'exit');
    await writeLock({ pid: child.pid, startedAt: '2020-01-01T00:00:00.000Z', hostname: hostname(), controlPort: null });
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => acquireLock(stateDir)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') await expectLockHeld(Promise.reject(o.reason));
  });

  it('update rewrites fields atomically; release only removes our own lock', async () => {
    const handle = await acquireLock(stateDir);
    await handle.update({ controlPort: 45678, token: 'abc' });
    expect(await readLock(stateDir)).toMatchObject({ pid: process.pid, controlPort: 45678, token: 'abc', lockId: handle.info.lockId });
    // Someone replaced the lock (e.g. after deleting .netra by hand): not ours any more.
    const foreign = { pid: await liveForeignPid(), startedAt: 'x', hostname: hostname(), controlPort: null };
    await writeLock(foreign);
    await expect(handle.update({ controlPort: 1 })).rejects.toThrow(/no longer held/);
    await handle.release();
    expect(await readLock(stateDir)).toMatchObject(foreign);
  });

  it('readLiveLock returns the owner only while it runs', async () => {
    expect(await readLiveLock(stateDir)).toBeUndefined();
    const handle = await acquireLock(stateDir);
    expect(await readLiveLock(stateDir)).toMatchObject({ pid: process.pid });
    await handle.release();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await once(child, 'exit');
    await writeLock({ pid: child.pid, startedAt: 'x', hostname: hostname(), controlPort: 1 });
    expect(await readLock(stateDir)).toMatchObject({ pid: child.pid });
    expect(await readLiveLock(stateDir)).toBeUndefined();
  });
});

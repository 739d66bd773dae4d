import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearStalePostmasterPid, type PidProbe } from '../../../src/db/postmaster-pid.js';

describe('clearStalePostmasterPid', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'netra-pid-'));
    await writeFile(join(dir, 'postmaster.pid'), '4242\n/data\n1700000000\n5432\n');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const probe = (alive: boolean, cmd: string | undefined): PidProbe => ({
    isAlive: () => alive,
    commandLine: async () => cmd,
  });

  it('removes the file of a dead server', async () => {
    expect(await clearStalePostmasterPid(dir, probe(false, undefined))).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes the file when the pid now belongs to another program (container restart)', async () => {
    expect(await clearStalePostmasterPid(dir, probe(true, 'node server.js'))).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses to start over a live postgres, and keeps its lock', async () => {
    await expect(clearStalePostmasterPid(dir, probe(true, '/usr/lib/postgresql/15/bin/postgres -D /data'))).rejects.toThrow(
      /already running/,
    );
    expect(await readdir(dir)).toEqual(['postmaster.pid']);
  });

  it('does nothing without a lock file', async () => {
    await rm(join(dir, 'postmaster.pid'));
    expect(await clearStalePostmasterPid(dir, probe(false, undefined))).toBe(false);
  });
});

/**
 * The main-thread budget of tryComputeFingerprint: over the bytes to read it
 * gives up (undefined, nothing recorded in the stat cache), under it, or once
 * the stat cache vouches for the big files, it answers like computeFingerprint.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeFingerprint, tryComputeFingerprint, type FingerprintBudget } from '../../../src/cache/fingerprint.js';
import { RACY_MS, StatCache } from '../../../src/cache/stat-cache.js';

const noPool = (): never => {
  throw new Error('the budgeted path never uses the pool');
};
const budget: FingerprintBudget = { maxEntries: 1_000, maxReadBytes: 1024 * 1024 };

describe('tryComputeFingerprint budget', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'netra-fp-budget-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('gives up on unvouched bytes over maxReadBytes, answers once the stat cache vouches for them', async () => {
    // 600 KiB each: the first file is under the budget, the second takes the sum over it.
    await writeFile(join(root, 'a.bin'), Buffer.alloc(600 * 1024, 1));
    await writeFile(join(root, 'b.bin'), Buffer.alloc(600 * 1024, 2));
    await writeFile(join(root, 'c.txt'), 'small');
    const later = Date.now() + 10 * RACY_MS;

    const cold = new StatCache(join(root, 'stat-cache.json'));
    expect(await tryComputeFingerprint(root, ['*.bin', 'c.txt'], cold, later, noPool, budget)).toBeUndefined();
    expect(await tryComputeFingerprint(root, ['a.bin', 'c.txt'], cold, later, noPool, budget)).toMatchObject({ read: 2 });

    // The unbudgeted path records every file; then nothing needs reading and the budget holds.
    const full = await computeFingerprint(root, ['*.bin', 'c.txt'], cold, later, noPool);
    expect(full.read).toBe(1); // only b.bin: a.bin and c.txt were recorded by the call under budget
    const warm = await tryComputeFingerprint(root, ['*.bin', 'c.txt'], cold, later, noPool, budget);
    expect(warm).toMatchObject({ read: 0, digest: full.digest });
    expect([...warm!.files.keys()]).toEqual(['a.bin', 'b.bin', 'c.txt']);
  });

  it('an over-budget attempt records nothing in the stat cache', async () => {
    await writeFile(join(root, 'a.bin'), Buffer.alloc(600 * 1024, 1));
    await writeFile(join(root, 'b.bin'), Buffer.alloc(600 * 1024, 2));
    const later = Date.now() + 10 * RACY_MS;
    const cache = new StatCache(join(root, 'stat-cache.json'));
    expect(await tryComputeFingerprint(root, ['*.bin'], cache, later, noPool, budget)).toBeUndefined();
    const after = await computeFingerprint(root, ['*.bin'], cache, later, noPool);
    expect(after.read).toBe(2);
  });
});

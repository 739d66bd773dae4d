import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { hashFileSync } from '../../../src/cache/fingerprint.js';
import { createHashPool } from '../../../src/cache/hash-pool.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'netra-hash-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('hashes in worker threads like git would sha1 the bytes, streaming big files, null for missing ones', async () => {
  const big = Buffer.alloc(3 * 1024 * 1024 + 17, 'netra');
  await writeFile(join(dir, 'big.bin'), big);
  const small = Array.from({ length: 600 }, (_, i) => `file ${i}`);
  await Promise.all(small.map((content, i) => writeFile(join(dir, `f${i}.txt`), content)));
  const sha1 = (data: string | Buffer): string => createHash('sha1').update(data).digest('hex');

  const pool = createHashPool(2);
  try {
    const files = [join(dir, 'big.bin'), join(dir, 'missing'), ...small.map((_, i) => join(dir, `f${i}.txt`))];
    const out = await pool.hash(files);
    expect(out[0]).toBe(sha1(big));
    expect(out[1]).toBeNull();
    expect(out.slice(2)).toEqual(small.map(sha1));
    expect(hashFileSync(join(dir, 'big.bin'))).toBe(sha1(big));
  } finally {
    await pool.close();
  }
  await expect(pool.hash([join(dir, 'f0.txt')])).rejects.toThrow(/closed/);
});

/**
 * The content side of a step's key: every input file with its hash. Stats run
 * on the main thread (cheap, async); only files whose stat cannot vouch for
 * them are read, in the worker pool for big sets, inline for a handful
 * (a worker costs more to start than a few small reads).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { expandInputs } from './glob.js';
import type { HashPool } from './hash-pool.js';
import type { StatCache } from './stat-cache.js';

export interface Fingerprint {
  /** Root-relative path → content hash, sorted by path. */
  files: Map<string, string>;
  /** One hash over all paths and content hashes. */
  digest: string;
  unmatched: string[];
}

export interface FingerprintDeps {
  statCache: StatCache;
  pool: () => HashPool;
  now: () => number;
}

const INLINE_MAX_FILES = 64;
const INLINE_MAX_BYTES = 4 * 1024 * 1024;
const STAT_CONCURRENCY = 512;

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(runners);
  return out;
}

export async function fingerprintInputs(root: string, patterns: readonly string[], deps: FingerprintDeps): Promise<Fingerprint> {
  const { files, unmatched } = await expandInputs(root, patterns);
  const stats = await mapLimit(files, STAT_CONCURRENCY, (rel) => stat(join(root, rel)).catch(() => undefined));
  const hashes = new Array<string | undefined>(files.length);
  const toHash: number[] = [];
  let bytes = 0;
  files.forEach((rel, i) => {
    const st = stats[i];
    if (!st) return;
    const known = deps.statCache.lookup(rel, st);
    if (known) hashes[i] = known;
    else {
      toHash.push(i);
      bytes += st.size;
    }
  });
  if (toHash.length > 0) {
    const hashedAt = deps.now();
    const paths = toHash.map((i) => join(root, files[i]!));
    const fresh =
      toHash.length <= INLINE_MAX_FILES && bytes <= INLINE_MAX_BYTES
        ? await Promise.all(paths.map(hashInline))
        : await deps.pool().hash(paths);
    toHash.forEach((fileIndex, j) => {
      const hash = fresh[j];
      if (hash) {
        hashes[fileIndex] = hash;
        deps.statCache.record(files[fileIndex]!, stats[fileIndex] as Stats, hash, hashedAt);
      }
    });
  }
  const map = new Map<string, string>();
  const digest = createHash('sha1');
  files.forEach((rel, i) => {
    const hash = hashes[i];
    if (hash === undefined) return; // vanished between the walk and the read
    map.set(rel, hash);
    digest.update(`${rel}\0${hash}\n`);
  });
  return { files: map, digest: digest.digest('hex'), unmatched };
}

async function hashInline(path: string): Promise<string | null> {
  try {
    return createHash('sha1').update(await readFile(path)).digest('hex');
  } catch {
    return null;
  }
}

/**
 * The content side of a step's key: every input file with its hash. Files are
 * stat'ed and, when the stat cache cannot vouch for them, read, in the worker
 * pool for big sets and inline for a handful.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expandInputs } from './glob.js';
import type { CheckResult, HashPool } from './hash-pool.js';
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

export async function fingerprintInputs(root: string, patterns: readonly string[], deps: FingerprintDeps): Promise<Fingerprint> {
  const { files, unmatched } = await expandInputs(root, patterns);
  const hashedAt = deps.now();
  const results =
    files.length <= INLINE_MAX_FILES
      ? await checkInline(root, files, deps.statCache)
      : await deps.pool().check(files.map((rel) => ({ path: join(root, rel), known: deps.statCache.get(rel) })));
  const map = new Map<string, string>();
  const digest = createHash('sha1');
  files.forEach((rel, i) => {
    const result = results[i];
    if (!result) return; // vanished between the walk and the read
    if (result.fresh) deps.statCache.record(rel, result.stat, result.hash, hashedAt);
    map.set(rel, result.hash);
    digest.update(`${rel}\0${result.hash}\n`);
  });
  return { files: map, digest: digest.digest('hex'), unmatched };
}

/** A handful of files: a worker would cost more to start than these reads. */
async function checkInline(root: string, files: readonly string[], statCache: StatCache): Promise<CheckResult[]> {
  return Promise.all(
    files.map(async (rel): Promise<CheckResult> => {
      const st = await stat(join(root, rel)).catch(() => undefined);
      if (!st?.isFile()) return null;
      const fileStat = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
      const known = statCache.lookup(rel, fileStat);
      if (known) return { hash: known, stat: fileStat, fresh: false };
      const hash = await hashInline(join(root, rel));
      return hash === null ? null : { hash, stat: fileStat, fresh: true };
    }),
  );
}

async function hashInline(path: string): Promise<string | null> {
  try {
    return createHash('sha1').update(await readFile(path)).digest('hex');
  } catch {
    return null;
  }
}

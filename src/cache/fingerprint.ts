/**
 * The content side of a step's key: every input file with its hash. Runs in
 * the fingerprint worker (see fingerprint-client.ts): a sync walk, a sync stat
 * per file, and a read only for files the stat cache cannot vouch for — inline
 * for a few, fanned out to a hash pool for big cold sets on machines with
 * cores to spare.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { expandInputsSync } from './glob.js';
import type { HashPool } from './hash-pool.js';
import type { FileStatLike, StatCache } from './stat-cache.js';

export interface Fingerprint {
  /** Root-relative path → content hash, sorted by path. */
  files: Map<string, string>;
  /** One hash over all paths and content hashes. */
  digest: string;
  unmatched: string[];
  /** How many files had to be read (the others were vouched for by their stats). */
  read: number;
}

/** Untrusted files above which hashing fans out to the pool (when there are cores for it). */
const FAN_OUT_FILES = 2_000;
const FAN_OUT_BYTES = 64 * 1024 * 1024;

const buffer = Buffer.allocUnsafe(1 << 20);

/** Streams the file through a fixed 1 MiB buffer: flat memory whatever its size. */
export function hashFileSync(path: string): string {
  const hash = createHash('sha1');
  const fd = openSync(path, 'r');
  try {
    let n: number;
    while ((n = readSync(fd, buffer, 0, buffer.length, null)) > 0) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Limits of a main-thread attempt: past them, the work goes to the worker instead. */
export interface FingerprintBudget {
  /** Directory entries walked. */
  maxEntries: number;
  /** Bytes of files the stat cache cannot vouch for. */
  maxReadBytes: number;
}

export async function computeFingerprint(
  root: string,
  patterns: readonly string[],
  statCache: StatCache,
  now: number,
  pool: () => HashPool,
): Promise<Fingerprint> {
  return (await tryComputeFingerprint(root, patterns, statCache, now, pool, undefined))!;
}

/** As computeFingerprint, or undefined (nothing read, nothing recorded) when the work exceeds the budget. */
export async function tryComputeFingerprint(
  root: string,
  patterns: readonly string[],
  statCache: StatCache,
  now: number,
  pool: () => HashPool,
  budget: FingerprintBudget | undefined,
): Promise<Fingerprint | undefined> {
  const expanded = expandInputsSync(root, patterns, budget?.maxEntries);
  if (!expanded) return undefined;
  const { files, unmatched } = expanded;
  const hashes = new Array<string | undefined>(files.length);
  const untrusted: number[] = [];
  let untrustedBytes = 0;
  const stats = new Array<FileStatLike | undefined>(files.length);
  for (let i = 0; i < files.length; i += 1) {
    const rel = files[i]!;
    let st;
    try {
      st = statSync(`${root}/${rel}`, { throwIfNoEntry: false });
    } catch {
      st = undefined;
    }
    if (!st) continue; // vanished since the walk
    const fileStat = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
    stats[i] = fileStat;
    const known = statCache.lookup(rel, fileStat);
    if (known) hashes[i] = known;
    else {
      untrusted.push(i);
      untrustedBytes += st.size;
      // Over budget: stop stat'ing here, the worker stats every file again anyway.
      if (budget && untrustedBytes > budget.maxReadBytes) return undefined;
    }
  }
  const fanOut = !budget && availableParallelism() > 2 && (untrusted.length > FAN_OUT_FILES || untrustedBytes > FAN_OUT_BYTES);
  if (fanOut) {
    const results = await pool().hash(untrusted.map((i) => join(root, files[i]!)));
    untrusted.forEach((i, j) => (hashes[i] = results[j] ?? undefined));
  } else {
    for (const i of untrusted) {
      try {
        hashes[i] = hashFileSync(join(root, files[i]!));
      } catch {
        hashes[i] = undefined;
      }
    }
  }
  for (const i of untrusted) {
    const hash = hashes[i];
    const st = stats[i];
    if (hash && st) statCache.record(files[i]!, st, hash, now);
  }
  const map = new Map<string, string>();
  const digest = createHash('sha1');
  files.forEach((rel, i) => {
    const hash = hashes[i];
    if (hash === undefined) return;
    map.set(rel, hash);
    digest.update(`${rel}\0${hash}\n`);
  });
  return { files: map, digest: digest.digest('hex'), unmatched, read: untrusted.length };
}

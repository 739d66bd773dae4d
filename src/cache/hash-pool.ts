/**
 * Content hashing off the main thread: a small pool of worker_threads, each
 * streaming files through a fixed 1 MiB buffer (constant memory, whatever the
 * file size); workers also stat, so a warm check is one statSync per file
 * off the main thread. The worker is eval'd from a string so it runs the same from
 * dist/ and from the TypeScript sources (Node 20 workers cannot load .ts).
 * Hash: SHA-1 like git — change detection, not security.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { RACY_MS, type StatRecord } from './stat-cache.js';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const buf = Buffer.allocUnsafe(1 << 20);
const RACY_MS = ${RACY_MS};
function hashFile(file) {
  const h = createHash('sha1');
  const fd = fs.openSync(file, 'r');
  try {
    let n;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}
// The trust rule of StatCache.lookup (stat-cache.ts), applied here so a warm
// check costs one statSync per file and no round trip per file.
function check(path, known) {
  let st;
  try { st = fs.statSync(path); } catch { return null; }
  if (!st.isFile()) return null;
  const stat = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
  if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs && known.ctimeMs === stat.ctimeMs &&
      known.ino === stat.ino && known.hashedAt - Math.max(known.mtimeMs, known.ctimeMs) >= RACY_MS) {
    return { hash: known.hash, stat, fresh: false };
  }
  try { return { hash: hashFile(path), stat, fresh: true }; } catch { return null; }
}
parentPort.on('message', ({ id, paths, known }) => {
  const out = paths.map((p, i) => check(p, known[i]));
  parentPort.postMessage({ id, out });
});
`;

export interface FileStat {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** A file's hash and the stats it was taken with; `fresh` when it was read (not vouched for by `known`). */
export type CheckResult = { hash: string; stat: FileStat; fresh: boolean } | null;

export interface CheckJob {
  path: string;
  /** The stat cache's record, if any: the worker trusts it when the stats match outside the racy window. */
  known: StatRecord | undefined;
}

/** Stats and, when needed, hashes of files by absolute path; null for a file that vanished or cannot be read. */
export interface HashPool {
  check(jobs: readonly CheckJob[]): Promise<CheckResult[]>;
  close(): Promise<void>;
}

interface Pending {
  resolve: (out: CheckResult[]) => void;
  reject: (error: unknown) => void;
}

/** Files per message: big enough to amortise messaging, small enough to balance across workers. */
const BATCH = 256;

export function createHashPool(size = Math.max(1, Math.min(4, availableParallelism() - 1))): HashPool {
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const queue: { id: number; jobs: readonly CheckJob[] }[] = [];
  const pending = new Map<number, Pending>();
  const busy = new Map<Worker, number>();
  let nextId = 0;
  let closed = false;

  const spawnWorker = (): Worker => {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    // Idle workers must not keep netra alive; busy ones must (a pending promise alone does not).
    worker.unref();
    worker.on('message', (msg: { id: number; out: CheckResult[] }) => {
      busy.delete(worker);
      worker.unref();
      pending.get(msg.id)?.resolve(msg.out);
      pending.delete(msg.id);
      idle.push(worker);
      pump();
    });
    worker.on('error', (error) => {
      const id = busy.get(worker);
      busy.delete(worker);
      if (id !== undefined) {
        pending.get(id)?.reject(error);
        pending.delete(id);
      }
      workers.splice(workers.indexOf(worker), 1);
      pump();
    });
    workers.push(worker);
    return worker;
  };

  const pump = (): void => {
    while (queue.length > 0 && !closed) {
      let worker = idle.pop();
      if (!worker && workers.length < size) worker = spawnWorker();
      if (!worker) return;
      const job = queue.shift()!;
      busy.set(worker, job.id);
      worker.ref();
      worker.postMessage({ id: job.id, paths: job.jobs.map((j) => j.path), known: job.jobs.map((j) => j.known ?? null) });
    }
  };

  const checkBatch = (jobs: readonly CheckJob[]): Promise<CheckResult[]> =>
    new Promise((resolve, reject) => {
      if (closed) {
        reject(new Error('hash pool closed'));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      queue.push({ id, jobs });
      pump();
    });

  return {
    async check(jobs) {
      const batches: Promise<CheckResult[]>[] = [];
      for (let i = 0; i < jobs.length; i += BATCH) batches.push(checkBatch(jobs.slice(i, i + BATCH)));
      return (await Promise.all(batches)).flat();
    },
    async close() {
      closed = true;
      for (const p of pending.values()) p.reject(new Error('hash pool closed'));
      pending.clear();
      await Promise.all(workers.map((w) => w.terminate()));
      workers.length = 0;
      idle.length = 0;
    },
  };
}

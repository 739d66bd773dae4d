/**
 * Hashing fanned out over a small pool of worker_threads (big cold sets on
 * machines with cores to spare), each
 * streaming files through a fixed 1 MiB buffer (constant memory, whatever the
 * file size). The worker is eval'd from a string so it runs the same from
 * dist/ and from the TypeScript sources (Node 20 workers cannot load .ts).
 * Hash: SHA-1 like git — change detection, not security.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const buf = Buffer.allocUnsafe(1 << 20);
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
parentPort.on('message', ({ id, files }) => {
  const out = files.map((f) => { try { return hashFile(f); } catch (e) { return null; } });
  parentPort.postMessage({ id, out });
});
`;

/** Hashes of files by absolute path; null for a file that vanished or cannot be read. */
export interface HashPool {
  hash(files: readonly string[]): Promise<(string | null)[]>;
  close(): Promise<void>;
}

interface Pending {
  resolve: (out: (string | null)[]) => void;
  reject: (error: unknown) => void;
}

/** Files per message: big enough to amortise messaging, small enough to balance across workers. */
const BATCH = 256;

export function createHashPool(size = Math.max(1, Math.min(4, availableParallelism() - 1))): HashPool {
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const queue: { id: number; files: readonly string[] }[] = [];
  const pending = new Map<number, Pending>();
  const busy = new Map<Worker, number>();
  let nextId = 0;
  let closed = false;

  const spawnWorker = (): Worker => {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    // Idle workers must not keep netra alive; busy ones must (a pending promise alone does not).
    worker.unref();
    worker.on('message', (msg: { id: number; out: (string | null)[] }) => {
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
      worker.postMessage({ id: job.id, files: job.files });
    }
  };

  const hashBatch = (files: readonly string[]): Promise<(string | null)[]> =>
    new Promise((resolve, reject) => {
      if (closed) {
        reject(new Error('hash pool closed'));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      queue.push({ id, files });
      pump();
    });

  return {
    async hash(files) {
      const batches: Promise<(string | null)[]>[] = [];
      for (let i = 0; i < files.length; i += BATCH) batches.push(hashBatch(files.slice(i, i + BATCH)));
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

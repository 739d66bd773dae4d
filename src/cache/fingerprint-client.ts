/**
 * The main-thread side of the fingerprint worker. The worker is spawned on
 * first use and is referenced only while a request is pending, so an idle one
 * never keeps netra alive. From the TypeScript sources (tests, jiti) the
 * worker is the .ts file, loaded through jiti; from dist/ it is plain .js.
 */
import { siblingScript } from '../shared/sibling-script.js';
import { Worker } from 'node:worker_threads';
import { computeFingerprint, tryComputeFingerprint, type Fingerprint, type FingerprintBudget } from './fingerprint.js';
import { createHashPool, type HashPool } from './hash-pool.js';
import { StatCache } from './stat-cache.js';
import type { WorkerReply, WorkerRequest } from './fingerprint-protocol.js';

export interface FingerprintResult extends Fingerprint {
  /** False when the saved stat cache was unusable (every file was read). */
  statCacheOk: boolean;
}

export interface Fingerprinter {
  fingerprint(patterns: readonly string[], now: number): Promise<FingerprintResult>;
  /** Writes the stat cache (atomically). */
  save(): Promise<void>;
  close(): Promise<void>;
}

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export function createWorkerFingerprinter(options: { root: string; statCacheFile: string }): Fingerprinter {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: unknown) => void }>();

  const start = (): Worker => {
    const { file, execArgv } = siblingScript(import.meta.url, 'fingerprint-worker');
    const w = new Worker(file, {
      workerData: { root: options.root, statCacheFile: options.statCacheFile },
      ...(execArgv.length > 0 ? { execArgv } : {}),
    });
    w.unref();
    w.on('message', (reply: WorkerReply) => {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
      p?.resolve(reply);
    });
    const fail = (error: unknown): void => {
      if (worker === w) worker = undefined;
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the fingerprint worker exited (code ${code})`)));
    return w;
  };

  const send = (request: Request): Promise<WorkerReply> =>
    new Promise((resolve, reject) => {
      worker ??= start();
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...request, id });
    });

  const expectOk = (reply: WorkerReply): Extract<WorkerReply, { ok: true }> => {
    if (!reply.ok) throw new Error(`fingerprint worker: ${reply.error}`);
    return reply;
  };

  return {
    async fingerprint(patterns, now) {
      const reply = expectOk(await send({ type: 'fingerprint', patterns, now }));
      const wire = reply.fingerprint!;
      const files = new Map<string, string>();
      wire.paths.forEach((path, i) => files.set(path, wire.hashes[i]!));
      return { files, digest: wire.digest, unmatched: wire.unmatched, read: wire.read, statCacheOk: reply.statCacheOk ?? true };
    },
    async save() {
      if (worker) expectOk(await send({ type: 'save' }));
    },
    async close() {
      const w = worker;
      if (!w) return;
      try {
        expectOk(await send({ type: 'close' }));
      } finally {
        worker = undefined;
        await w.terminate();
      }
    },
  };
}

/**
 * The work on the calling thread: what the worker runs (fingerprint-worker.ts),
 * the fallback when a worker cannot start (a locked-down runtime), and a
 * reference for tests.
 */
export function createInProcessFingerprinter(options: { root: string; statCacheFile: string }): Fingerprinter {
  const statCache = new StatCache(options.statCacheFile);
  let loaded: Promise<boolean> | undefined;
  let pool: HashPool | undefined;
  return {
    async fingerprint(patterns, now) {
      const statCacheOk = await (loaded ??= statCache.load());
      const fp = await computeFingerprint(options.root, patterns, statCache, now, () => (pool ??= createHashPool()));
      return { ...fp, statCacheOk };
    },
    async save() {
      if (loaded) await loaded;
      await statCache.save();
    },
    async close() {
      await pool?.close();
      pool = undefined;
    },
  };
}

/**
 * Small input sets (a lockfile, a migrations folder) are fingerprinted right
 * here: a few stats cost less than a worker's start-up (~40–150 ms, on the
 * critical path of a warm `dev up`). Anything bigger goes to the worker. Each
 * side keeps its own stat cache file; a record in the "wrong" one only costs a
 * re-read, never a wrong answer (every record is checked against fresh stats).
 */
export const MAIN_THREAD_BUDGET: FingerprintBudget = { maxEntries: 1_000, maxReadBytes: 2 * 1024 * 1024 };

/** Small sets in process, big ones in the worker; if the worker itself fails (not the hashing), everything in process. */
export function createFingerprinter(
  options: { root: string; statCacheFile: string },
  onFallback: (reason: string) => void,
): Fingerprinter {
  const local = new StatCache(options.statCacheFile.replace(/\.json$/, '.main.json'));
  let localLoaded: Promise<boolean> | undefined;
  let worker = createWorkerFingerprinter(options);
  let fellBack = false;
  const fallback = (error: unknown): Fingerprinter => {
    if (!fellBack) {
      fellBack = true;
      onFallback(error instanceof Error ? error.message : String(error));
      void worker.close().catch(() => undefined);
      worker = createInProcessFingerprinter(options);
    }
    return worker;
  };
  const noPool = (): never => {
    throw new Error('no hash pool within the main-thread budget');
  };
  return {
    async fingerprint(patterns, now) {
      const statCacheOk = await (localLoaded ??= local.load());
      const small = await tryComputeFingerprint(options.root, patterns, local, now, noPool, MAIN_THREAD_BUDGET);
      if (small) return { ...small, statCacheOk };
      try {
        return await worker.fingerprint(patterns, now);
      } catch (error) {
        if (fellBack || !isWorkerFailure(error)) throw error;
        return fallback(error).fingerprint(patterns, now);
      }
    },
    async save() {
      if (localLoaded) {
        await localLoaded;
        await local.save();
      }
      await worker.save();
    },
    close: () => worker.close(),
  };
}

function isWorkerFailure(error: unknown): boolean {
  return !(error instanceof Error && error.message.startsWith('fingerprint worker: '));
}

/**
 * The fingerprint worker: walks, stats and hashes the inputs of setup steps
 * off the main thread, and owns the stat cache (loaded once, saved on request)
 * so the 50,000 records of a big tree never cross threads.
 * Protocol: see fingerprint-client.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../shared/errors.js';
import { computeFingerprint } from './fingerprint.js';
import { createHashPool, type HashPool } from './hash-pool.js';
import { StatCache } from './stat-cache.js';
import type { WorkerReply, WorkerRequest } from './fingerprint-protocol.js';

const { root, statCacheFile } = workerData as { root: string; statCacheFile: string };
const statCache = new StatCache(statCacheFile);
let loaded: Promise<boolean> | undefined;
let pool: HashPool | undefined;
const port = parentPort!;

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  switch (request.type) {
    case 'fingerprint': {
      const statCacheOk = await (loaded ??= statCache.load());
      const fp = await computeFingerprint(root, request.patterns, statCache, request.now, () => (pool ??= createHashPool()));
      return {
        id: request.id,
        ok: true,
        fingerprint: { paths: [...fp.files.keys()], hashes: [...fp.files.values()], digest: fp.digest, unmatched: fp.unmatched, read: fp.read },
        statCacheOk,
      };
    }
    case 'save':
      if (loaded) await loaded;
      await statCache.save();
      return { id: request.id, ok: true };
    case 'close':
      await pool?.close();
      pool = undefined;
      return { id: request.id, ok: true };
  }
}

port.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ id: request.id, ok: false, error: errorMessage(error) } satisfies WorkerReply),
  );
});

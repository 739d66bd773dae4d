/**
 * The fingerprint worker: walks, stats and hashes the inputs of setup steps
 * off the main thread, and owns the stat cache (loaded once, saved on request)
 * so the 50,000 records of a big tree never cross threads. The work itself is
 * the in-process fingerprinter's; this file only speaks the protocol.
 * Protocol: see fingerprint-client.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../shared/errors.js';
import { createInProcessFingerprinter } from './fingerprint-client.js';
import type { WorkerReply, WorkerRequest } from './fingerprint-protocol.js';

const fingerprinter = createInProcessFingerprinter(workerData as { root: string; statCacheFile: string });
const port = parentPort!;

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  switch (request.type) {
    case 'fingerprint': {
      const fp = await fingerprinter.fingerprint(request.patterns, request.now);
      return {
        id: request.id,
        ok: true,
        fingerprint: { paths: [...fp.files.keys()], hashes: [...fp.files.values()], digest: fp.digest, unmatched: fp.unmatched, read: fp.read },
        statCacheOk: fp.statCacheOk,
      };
    }
    case 'save':
      await fingerprinter.save();
      return { id: request.id, ok: true };
    case 'close':
      await fingerprinter.close();
      return { id: request.id, ok: true };
  }
}

port.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ id: request.id, ok: false, error: errorMessage(error) } satisfies WorkerReply),
  );
});

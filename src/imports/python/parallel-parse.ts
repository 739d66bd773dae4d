/**
 * Parses many files on more than one core: the main thread parses a share of
 * the files while worker threads parse the rest. Files are read on the main
 * thread through the injected fs, so tests and other fs implementations keep
 * working; only the pure parsing moves. If workers fail, everything is parsed here.
 *
 * Off by default, because it did not pay where it was measured (bench/imports.mjs
 * and 11.5k real site-packages files on a shared 2-core machine): copying the
 * sources to the worker and warming up a second JIT cost more than the parse
 * time saved (2,083 files: 2.1 s with a worker vs 1.7 s without; 11.5k files:
 * parse 9.7–10.2 s vs 7.7–8.7 s, +150 MB RSS). `NETRA_IMPORTS_WORKERS=<n>`
 * turns it on for machines with idle cores.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ModuleInfo } from './module-info.js';
import { parseModule } from './parse.js';

/** Below this a worker's start-up (~30–60 ms) cannot pay for itself whatever the machine. */
const MIN_FILES_FOR_WORKERS = 1000;
const MAX_WORKERS = 3;

export async function parseAll(sources: Array<string | undefined>): Promise<Array<ModuleInfo | undefined>> {
  const workers = workerCount(sources.length);
  if (workers === 0) return sources.map((source) => (source === undefined ? undefined : parseModule(source)));
  // The main thread also parses, and it has a head start: give it a share like any worker's.
  const share = Math.ceil(sources.length / (workers + 1));
  const jobs: Array<Promise<Array<ModuleInfo | undefined>>> = [];
  for (let w = 0; w < workers; w++) {
    const chunk = sources.slice(share * (w + 1), share * (w + 2));
    jobs.push(parseInWorker(chunk));
  }
  const mine = sources.slice(0, share).map((source) => (source === undefined ? undefined : parseModule(source)));
  const theirs = await Promise.all(jobs);
  return [...mine, ...theirs.flat()];
}

function workerCount(files: number): number {
  const configured = Number(process.env['NETRA_IMPORTS_WORKERS'] ?? 0);
  if (!(configured > 0) || files < MIN_FILES_FOR_WORKERS) return 0;
  return Math.min(configured, MAX_WORKERS, Math.max(1, availableParallelism() - 1));
}

function parseInWorker(chunk: Array<string | undefined>): Promise<Array<ModuleInfo | undefined>> {
  return new Promise((resolve) => {
    const fallback = (): void => resolve(chunk.map((source) => (source === undefined ? undefined : parseModule(source))));
    let worker: Worker;
    try {
      worker = new Worker(new URL('./parse-worker.js', import.meta.url));
    } catch {
      fallback(); // e.g. running from TypeScript sources, where parse-worker.js does not exist.
      return;
    }
    let settled = false;
    worker.once('message', (infos: Array<ModuleInfo | undefined>) => {
      settled = true;
      resolve(infos);
      void worker.terminate();
    });
    worker.once('error', () => {
      if (!settled) fallback();
      settled = true;
    });
    worker.once('exit', () => {
      if (!settled) fallback();
      settled = true;
    });
    worker.postMessage(chunk);
  });
}

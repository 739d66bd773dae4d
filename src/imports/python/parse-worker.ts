/** Worker thread body: parses the sources it is sent and posts the ModuleInfos back (see parallel-parse.ts). */
import { parentPort } from 'node:worker_threads';
import { parseModule } from './parse.js';

parentPort?.on('message', (sources: Array<string | undefined>) => {
  parentPort?.postMessage(sources.map((source) => (source === undefined ? undefined : parseModule(source))));
});

/**
 * `.netra/alerts.jsonl`: one record per line (../shared/CLI.md), appended
 * in order through one promise chain; a write error is told once.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AlertSink } from '../types.js';

export function createFileSink(path: string, onWarning?: (message: string) => void): AlertSink {
  let chain: Promise<void> = mkdir(dirname(path), { recursive: true }).then(() => undefined, () => undefined);
  let warned = false;
  return {
    write(record) {
      const line = `${JSON.stringify(record)}\n`;
      chain = chain.then(() =>
        appendFile(path, line).catch((error: unknown) => {
          if (!warned) onWarning?.(`cannot write ${path}: ${(error as Error).message}`);
          warned = true;
        }),
      );
    },
    close: () => chain,
  };
}

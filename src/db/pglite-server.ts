/**
 * The `pglite` service kind's process: the supervisor runs
 *   node dist/db/pglite-server.js --data-dir <dir> --port <port>
 *        [--host 127.0.0.1] [--max-connections N] [--database postgres]
 * as a child of its own, so a busy database never stalls netra's event loop.
 * Protocol on stdout: one `DATABASE_URL=<url>` line, then `ready`.
 * SIGTERM/SIGINT: close clients and PGlite cleanly (data flushed), exit 0.
 * This file is a program entry point, so it may print and exit.
 */
import { parseArgs } from 'node:util';
import { errorMessage, isNetraError } from '../shared/errors.js';
import { startPgliteHost, type PgliteHost } from './pglite-host.js';

/** Exit code when start-up fails (bad flags, port in use, unreadable data dir). */
const EXIT_FAILED = 1;

function fail(message: string, hint?: string): never {
  process.stderr.write(`pglite-server: ${message}\n${hint ? `hint: ${hint}\n` : ''}`);
  process.exit(EXIT_FAILED);
}

function parseIntFlag(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) fail(`--${name} is required`);
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        'max-connections': { type: 'string' },
        database: { type: 'string', default: 'postgres' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(errorMessage(error));
  }
  const dataDir = values['data-dir'];
  if (!dataDir) fail('--data-dir is required');
  const port = parseIntFlag('port', values.port);
  const maxConnections =
    values['max-connections'] === undefined ? undefined : parseIntFlag('max-connections', values['max-connections']);

  // Signals that arrive while PGlite is still opening must not kill it mid-initdb:
  // remember them and shut down as soon as the host exists.
  let host: PgliteHost | undefined;
  let stopRequested = false;
  const stop = (): void => {
    if (stopRequested && host === undefined) return;
    stopRequested = true;
    if (host === undefined) return;
    const closing = host;
    host = undefined;
    closing.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`pglite-server: close failed: ${errorMessage(error)}\n`);
        process.exit(EXIT_FAILED);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('SIGHUP', stop);

  try {
    host = await startPgliteHost({
      dataDir,
      port,
      host: values.host,
      database: values.database,
      ...(maxConnections === undefined ? {} : { maxConnections }),
    });
  } catch (error) {
    fail(errorMessage(error), isNetraError(error) ? error.hint : undefined);
  }
  process.stdout.write(`DATABASE_URL=${host.databaseUrl}\nready\n`);
  if (stopRequested) stop();
}

await main();

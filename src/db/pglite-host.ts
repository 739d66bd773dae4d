/**
 * PGlite served over the PostgreSQL wire protocol. PGlite is one backend
 * session; pglite-socket queues the messages of up to `maxConnections`
 * client sockets into it (a transaction holds the queue for its own socket).
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { NetraError } from '../shared/errors.js';
import { databaseUrl } from './url.js';

/**
 * Enough for a backend pool of 5, the readiness probe, a migration runner and
 * `psql`, with slack. Clients beyond it are refused ("Too many connections"),
 * so a roomy default beats a tight one: the queue serialises them anyway.
 */
export const DEFAULT_PGLITE_MAX_CONNECTIONS = 16;

export interface PgliteHostOptions {
  /** Data directory; created when missing. PGlite runs initdb into it on first open. */
  dataDir: string;
  /** TCP port; 0 picks a free one (read it back from `port`). */
  port: number;
  /** Interface to bind; 127.0.0.1 by default, never a public one unless asked. */
  host?: string;
  maxConnections?: number;
  /**
   * The database every client gets; default `postgres`. PGlite ignores the
   * database of a client's startup message (it is one session), so another
   * name is created on first start and opened by the server itself.
   */
  database?: string;
}

export interface PgliteHost {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  /** Stops accepting, drops client sockets, then closes PGlite (a clean shutdown that flushes the data dir). Idempotent. */
  close(): Promise<void>;
}

export async function startPgliteHost(options: PgliteHostOptions): Promise<PgliteHost> {
  const host = options.host ?? '127.0.0.1';
  await mkdir(options.dataDir, { recursive: true });
  const database = options.database ?? 'postgres';
  const db = await openPglite(options.dataDir, database);
  const server = new PGLiteSocketServer({
    db,
    port: options.port,
    host,
    maxConnections: options.maxConnections ?? DEFAULT_PGLITE_MAX_CONNECTIONS,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close().catch(() => undefined);
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') {
      throw new NetraError('PORT_IN_USE', `port ${options.port} on ${host} is already in use`, {
        cause: error,
        hint: "use port: 'auto' or free the port",
      });
    }
    throw error;
  }
  const port = Number(server.getServerConn().split(':').pop());
  let closing: Promise<void> | undefined;
  return {
    port,
    host,
    databaseUrl: databaseUrl({ host, port, database }),
    close() {
      closing ??= (async () => {
        try {
          await server.stop();
        } finally {
          await db.close();
        }
      })();
      return closing;
    },
  };
}

/**
 * Opens the database straight away when it exists (every start but the
 * first): an admin open just to look it up would load PGlite twice. PGlite
 * fails to start on a missing database; only then is it created.
 */
async function openPglite(dataDir: string, database: string): Promise<PGlite> {
  if (database === 'postgres') return PGlite.create({ dataDir });
  let openError: unknown;
  try {
    return await PGlite.create({ dataDir, database });
  } catch (error) {
    openError = error;
  }
  const admin = await PGlite.create({ dataDir });
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    // It exists: the open failed for another reason, which is the one to report.
    if (found.rows.length > 0) throw openError;
    await admin.exec(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.close();
  }
  return PGlite.create({ dataDir, database });
}

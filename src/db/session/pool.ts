/**
 * `netra/db`: one pg pool per process for Node backends run by netra.
 *   await init();                                  // reads DATABASE_URL
 *   await withTransaction(async (db) => db.query('INSERT …'));
 *   await close();                                 // on shutdown
 */
import pg from 'pg';
import { NetraError } from '../../shared/errors.js';

export interface InitOptions {
  /** Defaults to the DATABASE_URL environment variable (netra injects it into dependents). */
  connectionString?: string;
  /** Pool size; default 5 (PGlite serialises queries anyway). */
  max?: number;
  /** Errors of idle clients (the database restarted, say). Default: ignored; the pool replaces the client. */
  onError?: (error: Error) => void;
}

export type Session = pg.PoolClient;

let current: { pool: pg.Pool; connectionString: string } | undefined;

/** Creates the process's pool. Calling it again with the same URL returns the same pool. */
export function init(options: InitOptions = {}): pg.Pool {
  const connectionString = options.connectionString ?? process.env['DATABASE_URL'];
  if (!connectionString) {
    throw new NetraError('USAGE', 'netra/db: no connection string: pass init({ connectionString }) or set DATABASE_URL', {
      hint: "make the service depend on a database service (dependsOn: ['db']); netra injects DATABASE_URL",
    });
  }
  if (current) {
    if (current.connectionString === connectionString) return current.pool;
    throw new NetraError('USAGE', 'netra/db: init() was already called with another connection string; close() first');
  }
  const pool = new pg.Pool({ connectionString, max: options.max ?? 5 });
  // Without a listener an idle client's error would crash the process.
  pool.on('error', (error) => options.onError?.(error));
  current = { pool, connectionString };
  return pool;
}

function requirePool(what: string): pg.Pool {
  if (!current) throw new NetraError('USAGE', `netra/db: ${what}() called before init()`, { hint: 'call init() once at start-up' });
  return current.pool;
}

/** The pool itself, for libraries that want one. */
export function pool(): pg.Pool {
  return requirePool('pool');
}

/** One-off query on any pooled client. */
export async function query<R extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  values?: unknown[],
): Promise<pg.QueryResult<R>> {
  return requirePool('query').query<R>(text, values);
}

/** Runs `fn` with a client checked out of the pool, and always gives it back. */
export async function withSession<T>(fn: (session: Session) => Promise<T>): Promise<T> {
  const client = await requirePool('withSession').connect();
  try {
    return await fn(client);
  } finally {
    // pg-pool itself drops a client whose connection broke (it is no longer queryable).
    client.release();
  }
}

/** BEGIN, `fn`, COMMIT; ROLLBACK and rethrow when `fn` throws. */
export async function withTransaction<T>(fn: (session: Session) => Promise<T>): Promise<T> {
  requirePool('withTransaction');
  return withSession(async (client) => {
    await client.query('BEGIN');
    let value: T;
    try {
      value = await fn(client);
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        // The connection is gone; the server rolls back on its own. Report the original error.
      }
      throw error;
    }
    await client.query('COMMIT');
    return value;
  });
}

/** Ends the pool (waits for checked-out clients). Safe to call twice or before init. */
export async function close(): Promise<void> {
  const closing = current;
  current = undefined;
  if (closing) await closing.pool.end();
}

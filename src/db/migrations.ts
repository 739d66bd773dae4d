/**
 * SQL migrations: `*.sql` files of one folder, applied in lexical order, each
 * in its own transaction together with its record (name + checksum), so a
 * migration is either applied and recorded or not at all. A transaction-scoped
 * advisory lock serialises concurrent runners; each re-checks the record
 * under the lock, so a migration runs once however many runners race.
 * Files must not contain their own BEGIN/COMMIT, nor statements that cannot
 * run inside a transaction (CREATE INDEX CONCURRENTLY, VACUUM).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { NetraError, errorMessage } from '../shared/errors.js';
import { redactUrl } from './url.js';

export interface RunMigrationsOptions {
  databaseUrl: string;
  /** Folder of `*.sql` files. */
  dir: string;
  /** Where applied migrations are recorded; default `netra_migrations`. */
  table?: string;
}

export interface MigrationsResult {
  /** Applied by this run, in order. */
  applied: string[];
  /** Already applied before (same checksum). */
  skipped: string[];
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

export async function listMigrations(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new NetraError('SETUP_FAILED', `cannot read the migrations folder ${dir}: ${errorMessage(error)}`, { cause: error });
  }
  // Code-unit order, not locale order: the same on every machine.
  return names.filter((n) => n.endsWith('.sql')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function runMigrations(options: RunMigrationsOptions): Promise<MigrationsResult> {
  const table = pg.escapeIdentifier(options.table ?? 'netra_migrations');
  const lockKey = `netra:migrations:${options.table ?? 'netra_migrations'}`;
  const names = await listMigrations(options.dir);
  const client = new pg.Client({ connectionString: options.databaseUrl });
  client.on('error', () => undefined);
  const result: MigrationsResult = { applied: [], skipped: [] };
  try {
    try {
      await client.connect();
    } catch (error) {
      throw new NetraError('SETUP_FAILED', `migrations: cannot connect to ${redactUrl(options.databaseUrl)}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    await inTransaction(client, lockKey, async () => {
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${table} (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
    });
    for (const name of names) {
      const sql = await readFile(join(options.dir, name), 'utf8');
      const checksum = checksumOf(sql);
      const outcome = await inTransaction(client, lockKey, async () => {
        const found = await client.query<{ checksum: string }>(`SELECT checksum FROM ${table} WHERE name = $1`, [name]);
        const recorded = found.rows[0];
        if (recorded) {
          if (recorded.checksum !== checksum) {
            throw new NetraError('SETUP_FAILED', `migration ${name} was changed after it was applied`, {
              hint: 'never edit an applied migration: add a new file; or reset the database (delete its data folder)',
            });
          }
          return 'skipped' as const;
        }
        try {
          await client.query(sql);
        } catch (error) {
          throw migrationError(name, sql, error);
        }
        await client.query(`INSERT INTO ${table} (name, checksum) VALUES ($1, $2)`, [name, checksum]);
        return 'applied' as const;
      });
      result[outcome].push(name);
    }
    return result;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function inTransaction<T>(client: pg.Client, lockKey: string, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey]);
    const value = await fn();
    await client.query('COMMIT');
    return value;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function migrationError(name: string, sql: string, error: unknown): NetraError {
  const pgError = error as { position?: string; code?: string };
  let where = '';
  const position = Number(pgError.position);
  if (Number.isInteger(position) && position > 0) {
    const line = sql.slice(0, position - 1).split('\n').length;
    where = ` (line ${line})`;
  }
  return new NetraError('SETUP_FAILED', `migration ${name} failed${where}: ${errorMessage(error)}`, {
    cause: error,
    hint: 'the migration was rolled back and the ones after it were not run; fix the file and start again',
    details: pgError.code ? [`SQLSTATE ${pgError.code}`] : [],
  });
}

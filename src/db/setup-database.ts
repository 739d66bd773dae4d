import { ensureDatabase } from './ensure-database.js';
import { runMigrations, type MigrationsResult } from './migrations.js';

export interface SetupDatabaseOptions {
  /** The service's DATABASE_URL (its database part is created when missing). */
  databaseUrl: string;
  /** Absolute folder of `*.sql` migrations; none run when undefined. */
  migrations?: string | undefined;
  /** Create the URL's database when missing; default true (pglite's `postgres` always exists). */
  createDatabase?: boolean;
  /** Migrations table; default `netra_migrations`. */
  table?: string;
}

export interface SetupDatabaseResult {
  /** True when this call created the database. */
  created: boolean;
  migrations: MigrationsResult;
}

/** What every database kind does once its server answers: create the database, then migrate. */
export async function setupDatabase(options: SetupDatabaseOptions): Promise<SetupDatabaseResult> {
  const created = options.createDatabase === false ? false : await ensureDatabase(options.databaseUrl);
  const migrations = options.migrations
    ? await runMigrations({
        databaseUrl: options.databaseUrl,
        dir: options.migrations,
        ...(options.table ? { table: options.table } : {}),
      })
    : { applied: [], skipped: [] };
  return { created, migrations };
}

/** Database service kinds: embedded PGlite, system PostgreSQL, external; migrations. */
export { pgliteServerCommand } from './entry.js';
export { databaseUrl, redactUrl, type DatabaseUrlOptions } from './url.js';
export { checkPostgres } from './check-postgres.js';
export { waitForPostgres, type WaitForPostgresOptions } from './wait.js';
export { findPostgresBinaries, POSTGRES_INSTALL_HINT, type PostgresBinaries, type FindPostgresOptions } from './postgres-binaries.js';
export { preparePostgres, type PreparePostgresOptions, type PreparedPostgres } from './postgres.js';
export { ensureDatabase } from './ensure-database.js';
export { runMigrations, listMigrations, checksumOf, type RunMigrationsOptions, type MigrationsResult } from './migrations.js';
export { setupDatabase, type SetupDatabaseOptions, type SetupDatabaseResult } from './setup-database.js';

/** Database service kinds: embedded PGlite, system PostgreSQL, external; migrations. */
export { pgliteServerEntry } from './entry.js';
export { databaseUrl, redactUrl, type DatabaseUrlOptions } from './url.js';
export { checkPostgres } from './check-postgres.js';
export { startPgliteHost, DEFAULT_PGLITE_MAX_CONNECTIONS, type PgliteHost, type PgliteHostOptions } from './pglite-host.js';

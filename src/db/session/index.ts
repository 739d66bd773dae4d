/** The `netra/db` package export: a session helper for Node backends. */
export { init, close, withSession, withTransaction, query, pool, type InitOptions, type Session } from './pool.js';

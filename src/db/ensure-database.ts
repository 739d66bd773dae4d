import pg from 'pg';
import { NetraError, errorMessage } from '../shared/errors.js';
import { redactUrl } from './url.js';

/** duplicate_database, and unique_violation when two CREATE DATABASE race on pg_database. */
const ALREADY_EXISTS = new Set(['42P04', '23505']);

/**
 * Creates the URL's database when it is missing, connecting to the server's
 * `postgres` maintenance database. Returns true when it created it.
 * (PGlite has a single database, `postgres`, which always exists.)
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, '')) || 'postgres';
  const maintenance = new URL(url);
  maintenance.pathname = name === 'postgres' ? '/template1' : '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      return true;
    } catch (error) {
      if (ALREADY_EXISTS.has(String((error as { code?: unknown }).code))) return false;
      throw error;
    }
  } catch (error) {
    throw new NetraError('SETUP_FAILED', `cannot create database "${name}" on ${redactUrl(url)}: ${errorMessage(error)}`, {
      cause: error,
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}

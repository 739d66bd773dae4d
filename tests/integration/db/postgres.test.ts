import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDatabase, runMigrations } from '../../../src/db/index.js';
import { freePort, postgresAvailable, startPostgres, type RunningPostgres } from './spawn-postgres.js';

const available = await postgresAvailable();
if (!available) {
  // Said once, loudly: CI installs the postgresql package, so a skip there is a setup bug.
  console.warn('SKIPPED real PostgreSQL tests: no initdb/postgres binaries found (apt-get install postgresql)');
}
const fixtures = join(import.meta.dirname, '../../fixtures/db');

describe.skipIf(!available)('kind postgres (real PostgreSQL)', () => {
  let dir: string;
  const running: RunningPostgres[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'netra-pg-'));
    // As root the server runs as `postgres`, which must be able to enter the project folder.
    await chmod(dir, 0o755);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop('SIGKILL')));
    await rm(dir, { recursive: true, force: true });
  });

  it('initdb, start, create the database, migrate, query, fast stop, restart with data kept', async () => {
    const dataDir = join(dir, '.netra', 'postgres', 'db');
    const port = await freePort();
    const first = await startPostgres(dataDir, port, 'app');
    running.push(first);
    expect(first.prepared.initialized).toBe(true);
    expect((await stat(join(dataDir, 'PG_VERSION'))).isFile()).toBe(true);
    expect(first.prepared.databaseUrl).toBe(`postgres://postgres@127.0.0.1:${port}/app`);

    expect(await ensureDatabase(first.prepared.databaseUrl)).toBe(true);
    expect(await ensureDatabase(first.prepared.databaseUrl)).toBe(false);
    const migrated = await runMigrations({ databaseUrl: first.prepared.databaseUrl, dir: join(fixtures, 'migrations-ok') });
    expect(migrated.applied).toEqual(['001_messages.sql', '002_seed.sql', '010_index.sql']);

    const client = new pg.Client({ connectionString: first.prepared.databaseUrl });
    await client.connect();
    await client.query("INSERT INTO messages (body) VALUES ('kept across restarts')");
    await client.end();

    expect(await first.stop()).toBe(0);
    running.splice(0);

    const second = await startPostgres(dataDir, port, 'app');
    running.push(second);
    expect(second.prepared.initialized).toBe(false);
    const again = await runMigrations({ databaseUrl: second.prepared.databaseUrl, dir: join(fixtures, 'migrations-ok') });
    expect(again).toEqual({ applied: [], skipped: ['001_messages.sql', '002_seed.sql', '010_index.sql'] });
    const check = new pg.Client({ connectionString: second.prepared.databaseUrl });
    await check.connect();
    const rows = await check.query<{ body: string }>('SELECT body FROM messages ORDER BY id');
    await check.end();
    expect(rows.rows.map((r) => r.body)).toEqual(['hello from the seed', 'kept across restarts']);
    expect(await second.stop()).toBe(0);
  });
});

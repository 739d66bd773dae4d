import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDatabase, preparePostgres, runMigrations } from '../../../src/db/index.js';
import { isNetraError } from '../../../src/shared/errors.js';
import { mkdir, writeFile } from 'node:fs/promises';
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
    // What an initdb interrupted by a crash leaves behind: removed, never used.
    const leftover = join(dir, '.netra', 'postgres', '.db.initdb-99999');
    await mkdir(leftover, { recursive: true });
    await writeFile(join(leftover, 'PG_VERSION'), '15\n');
    const port = await freePort();
    const first = await startPostgres(dataDir, port, 'app');
    await expect(stat(leftover)).rejects.toThrow(/ENOENT/);
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

    // Killed outright (its postmaster.pid left behind): the next start recovers, data kept.
    expect(await second.stop('SIGKILL')).toBe('SIGKILL');
    running.splice(0);
    expect((await stat(join(dataDir, 'postmaster.pid'))).isFile()).toBe(true);
    const third = await startPostgres(dataDir, port, 'app');
    running.push(third);
    const after = new pg.Client({ connectionString: third.prepared.databaseUrl });
    await after.connect();
    const count = await after.query<{ n: string }>('SELECT count(*) AS n FROM messages');
    await after.end();
    expect(count.rows[0]?.n).toBe('2');
    expect(await third.stop()).toBe(0);
  });

  it('refuses a non-empty folder that is not a data folder, and never overwrites it', async () => {
    const dataDir = join(dir, 'data');
    await mkdir(dataDir);
    await writeFile(join(dataDir, 'precious.txt'), 'keep me');
    await expect(preparePostgres({ dataDir, port: await freePort() })).rejects.toThrow(/not a PostgreSQL data folder/);
    expect((await stat(join(dataDir, 'precious.txt'))).isFile()).toBe(true);
  });

  it.skipIf(process.getuid?.() !== 0)('as root, names the folder the postgres user cannot enter', async () => {
    const locked = join(dir, 'locked');
    await mkdir(locked, { mode: 0o700 });
    await chmod(locked, 0o700);
    const error = await preparePostgres({ dataDir: join(locked, '.netra', 'postgres', 'db'), port: await freePort() }).catch(
      (e: unknown) => e,
    );
    expect(isNetraError(error) && error.code).toBe('DB_PREREQUISITE_MISSING');
    expect((error as Error).message).toContain(`cannot enter ${locked} (mode 700)`);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkPostgres, setupDatabase } from '../../../src/db/index.js';
import { startPglite, type RunningPglite } from './spawn-pglite.js';

describe('pglite server process', () => {
  let dir: string;
  const running: RunningPglite[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'netra-pglite-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop('SIGKILL')));
    await rm(dir, { recursive: true, force: true });
  });

  it('serves concurrent clients and a pool, and keeps data across a SIGTERM restart', async () => {
    const dataDir = join(dir, 'data');
    const first = await startPglite(dataDir);
    running.push(first);
    expect(first.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);

    const a = new pg.Client({ connectionString: first.url });
    const b = new pg.Client({ connectionString: first.url });
    const pool = new pg.Pool({ connectionString: first.url, max: 5 });
    await Promise.all([a.connect(), b.connect()]);
    await a.query('CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)');
    // Every client and the readiness probe at once: the connection limit must admit them all.
    await Promise.all([
      b.query("INSERT INTO notes (body) VALUES ('from b')"),
      ...Array.from({ length: 5 }, (_, i) => pool.query('INSERT INTO notes (body) VALUES ($1)', [`pool ${i}`])),
      checkPostgres(first.url, AbortSignal.timeout(20_000)),
    ]);
    const count = await a.query<{ n: string }>('SELECT count(*) AS n FROM notes');
    expect(count.rows[0]?.n).toBe('6');
    await Promise.all([a.end(), b.end(), pool.end()]);

    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await startPglite(dataDir);
    running.push(second);
    const c = new pg.Client({ connectionString: second.url });
    await c.connect();
    const rows = await c.query<{ body: string }>('SELECT body FROM notes ORDER BY id');
    await c.end();
    // Concurrent inserts land in any order; the set must survive the restart whole.
    expect(rows.rows.map((r) => r.body).sort()).toEqual(
      ['from b', ...Array.from({ length: 5 }, (_, i) => `pool ${i}`)].sort(),
    );
    expect(await second.stop('SIGINT')).toBe(0);
  });

  it('database setup on PGlite: its one database exists, migrations run once', async () => {
    const server = await startPglite(join(dir, 'data'));
    running.push(server);
    const migrations = join(import.meta.dirname, '../../fixtures/db/migrations-ok');
    const first = await setupDatabase({ databaseUrl: server.url, migrations });
    expect(first).toEqual({ created: false, migrations: { applied: ['001_messages.sql', '002_seed.sql', '010_index.sql'], skipped: [] } });
    const second = await setupDatabase({ databaseUrl: server.url, migrations });
    expect(second.migrations.applied).toEqual([]);
  });

  it('serves another database than postgres when asked (PGlite ignores the one clients name)', async () => {
    const dataDir = join(dir, 'data');
    for (let run = 0; run < 2; run++) {
      const server = await startPglite(dataDir, ['--database', 'chat app']);
      running.push(server);
      expect(server.url).toMatch(/\/chat%20app$/);
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const rows = await client.query<{ db: string }>('SELECT current_database() AS db');
      await client.end();
      expect(rows.rows).toEqual([{ db: 'chat app' }]);
      expect(await server.stop('SIGTERM')).toBe(0);
    }
  });

  it('a client that dies inside a transaction is rolled back and does not block the others', async () => {
    const server = await startPglite(join(dir, 'data'));
    running.push(server);
    const a = new pg.Client({ connectionString: server.url });
    const b = new pg.Client({ connectionString: server.url });
    a.on('error', () => undefined);
    await Promise.all([a.connect(), b.connect()]);
    await a.query('CREATE TABLE tx (x int)');
    await a.query('BEGIN');
    await a.query('INSERT INTO tx VALUES (1)');
    // PGlite is one session: b's query waits behind a's open transaction…
    const waiting = b.query<{ n: string }>('SELECT count(*) AS n FROM tx');
    // …until a's socket dies, when the server rolls a back and serves b.
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await waiting).rows).toEqual([{ n: '0' }]);
    await b.end();
  });

  it('exits 1 with a message on a bad flag', async () => {
    await expect(startPglite(join(dir, 'x'), ['--port', 'nope'])).rejects.toThrow(/exited with 1.*--port/s);
  });
});

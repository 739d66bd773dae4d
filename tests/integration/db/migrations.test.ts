import { cp, mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDatabase, runMigrations } from '../../../src/db/index.js';
import { isNetraError } from '../../../src/shared/errors.js';
import { startPglite, type RunningPglite } from './spawn-pglite.js';
import { freePort, postgresAvailable, startPostgres, type RunningPostgres } from './spawn-postgres.js';

const fixtures = join(import.meta.dirname, '../../fixtures/db');
const hasPostgres = await postgresAvailable();

interface Backend {
  /** A fresh, empty database for one test. */
  freshDatabase(name: string): Promise<string>;
}

async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

function suite(name: string, setup: () => Promise<{ backend: Backend; teardown: () => Promise<void> }>, skip = false): void {
  describe.skipIf(skip)(`migrations on ${name}`, () => {
    let backend: Backend;
    let teardown: () => Promise<void> = async () => undefined;
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'netra-migrate-'));
      ({ backend, teardown } = await setup());
    });
    afterAll(async () => {
      await teardown();
      await rm(dir, { recursive: true, force: true });
    });

    it('applies each file once, in lexical order, and records it', async () => {
      const url = await backend.freshDatabase('once');
      const migrations = join(dir, 'once');
      await cp(join(fixtures, 'migrations-ok'), migrations, { recursive: true });
      // 2 < 10 numerically but '010' < '002' is false: lexical order puts 002 first.
      expect((await runMigrations({ databaseUrl: url, dir: migrations })).applied).toEqual([
        '001_messages.sql',
        '002_seed.sql',
        '010_index.sql',
      ]);
      await writeFile(join(migrations, '011_more.sql'), "INSERT INTO messages (body) VALUES ('second run');\n");
      expect(await runMigrations({ databaseUrl: url, dir: migrations })).toEqual({
        applied: ['011_more.sql'],
        skipped: ['001_messages.sql', '002_seed.sql', '010_index.sql'],
      });
      const rows = await query<{ body: string }>(url, 'SELECT body FROM messages ORDER BY id');
      expect(rows.map((r) => r.body)).toEqual(['hello from the seed', 'second run']);
      const recorded = await query<{ name: string }>(url, 'SELECT name FROM netra_migrations ORDER BY applied_at, name');
      expect(recorded.map((r) => r.name)).toEqual(['001_messages.sql', '002_seed.sql', '010_index.sql', '011_more.sql']);
    });

    it('a failing migration stops the run, names the file and leaves the database as it was', async () => {
      const url = await backend.freshDatabase('failing');
      const error = await runMigrations({ databaseUrl: url, dir: join(fixtures, 'migrations-failing') }).catch((e: unknown) => e);
      expect(isNetraError(error) && error.code).toBe('SETUP_FAILED');
      expect((error as Error).message).toMatch(/002_broken\.sql failed \(line 4\): relation "no_such_table" does not exist/);
      const tables = await query<{ t: string }>(
        url,
        "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      );
      expect(tables.map((r) => r.t)).toEqual(['accounts', 'netra_migrations']);
      expect(await query(url, 'SELECT name FROM accounts')).toEqual([{ name: 'first' }]);
      expect(await query(url, 'SELECT name FROM netra_migrations')).toEqual([{ name: '001_ok.sql' }]);
    });

    it('refuses an applied migration whose file changed, naming it', async () => {
      const url = await backend.freshDatabase('changed');
      const migrations = join(dir, 'changed');
      await cp(join(fixtures, 'migrations-ok'), migrations, { recursive: true });
      await runMigrations({ databaseUrl: url, dir: migrations });
      await writeFile(join(migrations, '002_seed.sql'), "INSERT INTO messages (body) VALUES ('edited');\n");
      await expect(runMigrations({ databaseUrl: url, dir: migrations })).rejects.toThrow(/002_seed\.sql was changed after it was applied/);
    });

    it('two runners racing apply every migration exactly once', async () => {
      const url = await backend.freshDatabase('race');
      const migrations = join(fixtures, 'migrations-ok');
      const [a, b] = await Promise.all([
        runMigrations({ databaseUrl: url, dir: migrations }),
        runMigrations({ databaseUrl: url, dir: migrations }),
      ]);
      expect([...a.applied, ...b.applied].sort()).toEqual(['001_messages.sql', '002_seed.sql', '010_index.sql']);
      expect(await query(url, 'SELECT body FROM messages')).toEqual([{ body: 'hello from the seed' }]);
    });
  });
}

// PGlite has one database: each test gets a server of its own.
suite('PGlite', async () => {
  const base = await mkdtemp(join(tmpdir(), 'netra-migrate-pglite-'));
  const servers: RunningPglite[] = [];
  // initdb is PGlite's slow part: do it once and copy the stopped data folder.
  const template = await startPglite(join(base, 'template'));
  expect(await template.stop('SIGTERM')).toBe(0);
  return {
    backend: {
      async freshDatabase(name) {
        await cp(join(base, 'template'), join(base, name), { recursive: true });
        const server = await startPglite(join(base, name));
        servers.push(server);
        return server.url;
      },
    },
    async teardown() {
      await Promise.all(servers.map((s) => s.stop('SIGTERM')));
      await rm(base, { recursive: true, force: true });
    },
  };
});

suite(
  'PostgreSQL',
  async () => {
    const base = await mkdtemp(join(tmpdir(), 'netra-migrate-pg-'));
    await chmod(base, 0o755);
    const server: RunningPostgres = await startPostgres(join(base, 'data'), await freePort());
    return {
      backend: {
        async freshDatabase(name) {
          const url = new URL(server.prepared.databaseUrl);
          url.pathname = `/${name}`;
          await ensureDatabase(url.toString());
          return url.toString();
        },
      },
      async teardown() {
        await server.stop();
        await rm(base, { recursive: true, force: true });
      },
    };
  },
  !hasPostgres,
);

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { close, init, query, withSession, withTransaction } from '../../../src/db/session/index.js';
import { startPglite, type RunningPglite } from './spawn-pglite.js';

describe('netra/db session helper', () => {
  let dir: string;
  let server: RunningPglite;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'netra-session-'));
    server = await startPglite(join(dir, 'data'));
  });
  afterEach(async () => {
    await close();
  });
  afterAll(async () => {
    await server.stop('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  });

  it('says to call init() first', async () => {
    await expect(withSession(async () => 1)).rejects.toThrow(/withSession\(\) called before init\(\)/);
    await expect(withTransaction(async () => 1)).rejects.toThrow(/withTransaction\(\) called before init\(\)/);
  });

  it('init is idempotent for one URL and refuses a second URL', () => {
    const pool = init({ connectionString: server.url });
    expect(init({ connectionString: server.url })).toBe(pool);
    expect(() => init({ connectionString: 'postgres://postgres@127.0.0.1:1/other' })).toThrow(/already called/);
  });

  it('reads DATABASE_URL by default', async () => {
    const saved = process.env['DATABASE_URL'];
    process.env['DATABASE_URL'] = server.url;
    try {
      init();
      expect((await query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      if (saved === undefined) delete process.env['DATABASE_URL'];
      else process.env['DATABASE_URL'] = saved;
    }
  });

  it('commits a transaction, rolls one back on throw, and close() twice is fine', async () => {
    init({ connectionString: server.url, max: 3 });
    await withSession((db) => db.query('CREATE TABLE IF NOT EXISTS items (name text)'));
    await withTransaction((db) => db.query("INSERT INTO items VALUES ('kept')"));
    await expect(
      withTransaction(async (db) => {
        await db.query("INSERT INTO items VALUES ('rolled back')");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await withSession((db) => db.query<{ name: string }>('SELECT name FROM items'));
    expect(rows.rows).toEqual([{ name: 'kept' }]);
    await close();
    await close();
    await expect(query('SELECT 1')).rejects.toThrow(/before init/);
  });
});

/**
 * Database setup is a cached step: migrations are applied once, skipped while
 * neither the migration files nor the data folder changed, applied again for
 * a new file or a new cluster, and always checked with --no-cache.
 */
import { rm } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { runNetra } from '../helpers/run-netra.js';
import { projectForTest } from '../helpers/temp-project.js';

it('migrations: applied, then skipped by the cache, then applied again when files or the database change', async (ctx) => {
  const project = await projectForTest(ctx, { services: { db: { kind: 'pglite', port: 'auto', migrations: 'migrations' } } });
  await project.writeFile('migrations/001_a.sql', 'CREATE TABLE a (id int);\n');
  const up = async (...flags: string[]): Promise<string> => {
    const result = await runNetra(['dev', 'up', '--exit-when-ready', ...flags], { cwd: project.dir, timeout: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    return result.stderr;
  };
  expect(await up()).toContain('db: applied migrations: 001_a.sql');
  expect(await up()).toContain('db: database and migrations unchanged (cached)');
  await project.writeFile('migrations/002_b.sql', 'CREATE TABLE b (id int);\n');
  expect(await up()).toContain('db: applied migrations: 002_b.sql');
  expect(await up('--no-cache')).toContain('db: migrations up to date (2)');
  await rm(project.path('.netra/pglite'), { recursive: true, force: true });
  expect(await up()).toContain('db: applied migrations: 001_a.sql, 002_b.sql');
});

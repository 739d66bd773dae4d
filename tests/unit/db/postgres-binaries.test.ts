import { describe, expect, it } from 'vitest';
import { findPostgresBinaries, sortVersionDirs } from '../../../src/db/postgres-binaries.js';
import { isNetraError } from '../../../src/shared/errors.js';

describe('findPostgresBinaries', () => {
  it('prefers PATH, then the highest version folder', async () => {
    const files = new Set(['/usr/lib/postgresql/14/bin/initdb', '/usr/lib/postgresql/14/bin/postgres',
      '/usr/lib/postgresql/16/bin/initdb', '/usr/lib/postgresql/16/bin/postgres']);
    const found = await findPostgresBinaries({
      path: '/usr/bin:/bin',
      versionRoots: ['/usr/lib/postgresql'],
      platform: 'linux',
      isExecutable: async (f) => files.has(f),
      listDir: async () => ['14', '16', '9.6'],
    });
    expect(found.bindir).toBe('/usr/lib/postgresql/16/bin');

    files.add('/opt/pg/bin/initdb');
    files.add('/opt/pg/bin/postgres');
    const onPath = await findPostgresBinaries({
      path: '/opt/pg/bin',
      versionRoots: ['/usr/lib/postgresql'],
      platform: 'linux',
      isExecutable: async (f) => files.has(f),
      listDir: async () => ['16'],
    });
    expect(onPath.initdb).toBe('/opt/pg/bin/initdb');
  });

  it('needs initdb and postgres from the same folder', async () => {
    const files = new Set(['/a/initdb', '/b/postgres']);
    await expect(
      findPostgresBinaries({ path: '/a:/b', versionRoots: [], platform: 'linux', isExecutable: async (f) => files.has(f) }),
    ).rejects.toThrow(/none were found/);
  });

  it('throws DB_PREREQUISITE_MISSING with the install hint', async () => {
    const error = await findPostgresBinaries({
      path: '',
      versionRoots: ['/nowhere'],
      isExecutable: async () => false,
      listDir: async () => [],
    }).catch((e: unknown) => e);
    expect(isNetraError(error) && error.code).toBe('DB_PREREQUISITE_MISSING');
    expect(isNetraError(error) && error.hint).toMatch(/apt-get install postgresql.*brew install postgresql@16/);
  });

  it('sorts version folders numerically, highest first', () => {
    expect(sortVersionDirs(['9.6', '16', '10', 'postgresql@14', 'postgresql@17', 'readme'])).toEqual([
      'postgresql@17', '16', 'postgresql@14', '10', '9.6',
    ]);
  });
});

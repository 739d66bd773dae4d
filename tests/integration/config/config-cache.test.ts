/**
 * loadConfig with the config cache, on real files: a static config is
 * served from the cache on the second load (jiti and zod skipped) with the
 * same resolved result, paths resolved for wherever the project now lives;
 * invalid and non-static configs never leave an entry and behave exactly as
 * without a cache.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { isNetraError, type NetraError } from '../../../src/shared/errors.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
async function project(source: string): Promise<string> {
  const dir = await tempDir('netra-config-cache-project-');
  await writeFile(join(dir, 'launcher.config.ts'), source);
  return dir;
}
async function failure(promise: Promise<unknown>): Promise<NetraError> {
  try {
    await promise;
  } catch (error) {
    if (isNetraError(error)) return error;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

const staticSource = `import { defineConfig } from 'netra';
export default defineConfig({
  services: {
    api: { command: ['node', 'api.js'], cwd: 'api', ready: { log: /^listening on (\\d+)$/i } },
    job: { command: 'echo done', restart: 'always' },
    web: { command: ['node', 'web.js'], dependsOn: ['api', { service: 'job', condition: 'completed' }] },
  },
});
`;

describe('loadConfig with the config cache', () => {
  it('a static config: stored once it has validated, then served from the cache with the same result', async () => {
    const cacheDir = await tempDir('netra-config-cache-');
    const dir = await project(staticSource);
    const first = await loadConfig({ cwd: dir, cacheDir });
    const entries = await readdir(cacheDir);
    expect(entries).toHaveLength(1);
    const second = await loadConfig({ cwd: dir, cacheDir });
    expect(second).toEqual(first);
    // The cross-field rules still run on a hit: their warnings are there.
    expect(second.warnings).toEqual(first.warnings);
    expect(second.warnings.join('\n')).toMatch(/restarts always/);
    expect(second.services['api']?.ready.probe).toEqual(first.services['api']?.ready.probe);

    // Proof that the second load came from the entry: an edited entry is what is served.
    const file = join(cacheDir, entries[0]!);
    await writeFile(file, (await readFile(file, 'utf8')).replace('"api.js"', '"edited.js"'));
    const third = await loadConfig({ cwd: dir, cacheDir });
    expect(third.services['api']?.command).toEqual(['node', 'edited.js']);
  });

  it('the same text in another folder is a hit, resolved against the new folder', async () => {
    const cacheDir = await tempDir('netra-config-cache-');
    const a = await project(staticSource);
    const b = await project(staticSource);
    await loadConfig({ cwd: a, cacheDir });
    const fromB = await loadConfig({ cwd: b, cacheDir });
    expect(await readdir(cacheDir)).toHaveLength(1);
    expect(fromB.root).toBe(b);
    expect(fromB.configPath).toBe(join(b, 'launcher.config.ts'));
    expect(fromB.services['api']?.cwd).toBe(join(b, 'api'));
    expect(fromB).toEqual(await loadConfig({ cwd: b, cacheDir: false }));
  });

  it('an invalid config is never stored, and fails with the same messages every time', async () => {
    const cacheDir = await tempDir('netra-config-cache-');
    const dir = await project(`import { defineConfig } from 'netra';
export default defineConfig({ services: { api: { command: ['x'], dependsOn: ['ghost'], port: -1 } } } as never);
`);
    const first = await failure(loadConfig({ cwd: dir, cacheDir }));
    const second = await failure(loadConfig({ cwd: dir, cacheDir }));
    expect(first.code).toBe('CONFIG_INVALID');
    expect(second.message).toBe(first.message);
    expect(second.details).toEqual(first.details);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('a config that reads the environment is loaded the full way each time (no entry), and sees each new value', async () => {
    const cacheDir = await tempDir('netra-config-cache-');
    const dir = await project(`import { defineConfig } from 'netra';
export default defineConfig({ services: { api: { command: ['node', process.env['NETRA_TEST_CONFIG_CACHE_FILE'] ?? 'unset.js'] } } });
`);
    process.env['NETRA_TEST_CONFIG_CACHE_FILE'] = 'one.js';
    try {
      expect((await loadConfig({ cwd: dir, cacheDir })).services['api']?.command).toEqual(['node', 'one.js']);
      process.env['NETRA_TEST_CONFIG_CACHE_FILE'] = 'two.js';
      expect((await loadConfig({ cwd: dir, cacheDir })).services['api']?.command).toEqual(['node', 'two.js']);
    } finally {
      delete process.env['NETRA_TEST_CONFIG_CACHE_FILE'];
    }
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('the function form: one entry per command/mode, each with its own value', async () => {
    const cacheDir = await tempDir('netra-config-cache-');
    const dir = await project(`import { defineConfig } from 'netra';
export default defineConfig(({ command, mode }) => ({ services: { api: { command: ['node', command + '-' + mode + '.js'] } } }));
`);
    const dev = await loadConfig({ cwd: dir, cacheDir });
    const prod = await loadConfig({ cwd: dir, cacheDir, env: { mode: 'production' } });
    expect(await readdir(cacheDir)).toHaveLength(2);
    expect((await loadConfig({ cwd: dir, cacheDir })).services['api']?.command).toEqual(dev.services['api']?.command);
    expect((await loadConfig({ cwd: dir, cacheDir, env: { mode: 'production' } })).services['api']?.command).toEqual(['node', 'dev-production.js']);
    expect(prod.services['api']?.command).toEqual(['node', 'dev-production.js']);
  });

  it('an edited config is a miss: the new text is loaded and validated', async () => {
    const cacheDir = await tempDir('netra-config-cache-');
    const dir = await project(staticSource);
    await loadConfig({ cwd: dir, cacheDir });
    await writeFile(join(dir, 'launcher.config.ts'), staticSource.replace("dependsOn: ['api',", "dependsOn: ['nope',"));
    const error = await failure(loadConfig({ cwd: dir, cacheDir }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.details.join('\n')).toMatch(/nope/);
  });
});

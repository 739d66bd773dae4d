import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createCacheManager } from '../../../src/cache/index.js';

const main = join(import.meta.dirname, '../../../src/cli/main.ts');
let root: string;

const netra = async (...args: string[]) => {
  try {
    // Run from the project, as a user would: nothing may resolve from netra's repo by accident.
    const r = await promisify(execFile)(process.execPath, ['--import', import.meta.resolve('jiti/register'), main, ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', NODE_ENV: 'test' },
    });
    return { code: 0, ...r };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'netra-cache-cli-'));
  await mkdir(join(root, 'migrations'));
  await writeFile(join(root, 'migrations', '001.sql'), 'SELECT 1;');
  await writeFile(join(root, 'package-lock.json'), '{}');
  await writeFile(
    join(root, 'launcher.config.mjs'),
    `export default {
      services: { db: { kind: 'pglite', port: 'auto', setup: [{ name: 'migrate', command: ['node', 'm.js'], inputs: ['migrations/**'] }] } },
      setup: [{ name: 'deps', command: 'npm ci', inputs: ['package-lock.json'], env: ['NODE_ENV'] }],
    };\n`,
  );
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

it('status --json says what would run and why; clear forgets one step', async () => {
  // Record the global step as the supervisor would, with the env the CLI sees.
  const manager = createCacheManager({ root, stateDir: join(root, '.netra') });
  const deps = { name: 'deps', command: 'npm ci', inputs: ['package-lock.json'], env: ['NODE_ENV'], cwd: root };
  await manager.recordSuccess(deps, (await manager.plan(deps, { NODE_ENV: 'test' })).key);
  await manager.close();

  const status = await netra('cache', 'status', '--json');
  expect(status.code).toBe(0);
  expect(status.stderr).toBe(''); // no warning: the hashing worker started from the project's cwd too
  const doc = JSON.parse(status.stdout) as { steps: { id: string; wouldRun: boolean; reason: string | null }[] };
  expect(doc.steps.map((s) => [s.id, s.wouldRun, s.reason])).toEqual([
    ['deps', false, null],
    ['db/migrate', true, 'no-entry'],
  ]);

  const text = await netra('cache', 'status');
  expect(text.stdout).toMatch(/^deps\s+no\s+unchanged/m);
  expect(text.stdout).toMatch(/^db\/migrate\s+yes\s+no entry/m);

  expect((await netra('cache', 'clear', 'deps')).stdout).toBe('cleared 1 cache entry of step deps\n');
  const after = JSON.parse((await netra('cache', 'status', '--json')).stdout) as { steps: { reason: string | null }[] };
  expect(after.steps.map((s) => s.reason)).toEqual(['no-entry', 'no-entry']);
});

it('clear outside a project exits 2 with a hint', async () => {
  await rm(join(root, 'launcher.config.mjs'));
  const result = await netra('cache', 'clear');
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/no launcher\.config/);
});

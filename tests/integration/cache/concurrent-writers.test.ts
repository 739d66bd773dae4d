import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createCacheManager } from '../../../src/cache/index.js';

const writer = join(import.meta.dirname, '../../fixtures/cache/writer.ts');
let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'netra-cache-race-'));
  await writeFile(join(root, 'input.txt'), 'same input');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

it('two processes writing the same entry leave one whole, valid entry', async () => {
  const run = (label: string) =>
    promisify(execFile)(process.execPath, ['--import', 'jiti/register', writer, root, label, '40'], { encoding: 'utf8' });
  const [a, b] = await Promise.all([run('a'), run('b')]);
  const keys = new Set([...a.stdout.split('\n'), ...b.stdout.split('\n')].filter(Boolean));
  expect(keys.size).toBe(80);
  expect(a.stderr + b.stderr).toBe('');

  const dir = join(root, '.netra', 'cache', 'steps');
  const files = await readdir(dir);
  expect(files).toHaveLength(1); // no temp file left behind
  const entry = JSON.parse(await readFile(join(dir, files[0]!), 'utf8')) as { key: string; step: string };
  expect(entry.step).toBe('shared');
  expect(keys.has(entry.key)).toBe(true);

  // And the survivor is trusted for exactly the env value it was written with.
  const manager = createCacheManager({ root, stateDir: join(root, '.netra') });
  try {
    const lastA = await manager.plan({ name: 'shared', command: 'true', inputs: ['input.txt'], env: ['WHO'] }, { WHO: 'a-39' });
    const lastB = await manager.plan({ name: 'shared', command: 'true', inputs: ['input.txt'], env: ['WHO'] }, { WHO: 'b-39' });
    expect([lastA.run, lastB.run].filter((run) => !run)).toHaveLength(1);
  } finally {
    await manager.close();
  }
});

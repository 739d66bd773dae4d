import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs, globToRegExp, staticPrefix } from '../../../src/cache/glob.js';

describe('globToRegExp', () => {
  const cases: [string, string, boolean][] = [
    ['migrations/**', 'migrations/001.sql', true],
    ['migrations/**', 'migrations/a/b.sql', true],
    ['migrations/**', 'migrationsx/a.sql', false],
    ['**/*.ts', 'a.ts', true],
    ['**/*.ts', 'src/a/b.ts', true],
    ['**/*.ts', 'src/a/b.tsx', false],
    ['src/*.ts', 'src/a/b.ts', false],
    ['package{,-lock}.json', 'package-lock.json', true],
    ['package{,-lock}.json', 'package.json', true],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file12.txt', false],
    ['[ab].txt', 'b.txt', true],
    ['a.b', 'aXb', false],
  ];
  it.each(cases)('%s matches %s: %s', (pattern, path, expected) => {
    expect(globToRegExp(pattern).test(path)).toBe(expected);
  });

  it('finds the static prefix', () => {
    expect(staticPrefix('a/b/**/*.ts')).toBe('a/b');
    expect(staticPrefix('**/x')).toBe('');
    expect(staticPrefix('package-lock.json')).toBe('package-lock.json');
  });
});

describe('expandInputs', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'netra-glob-'));
    for (const file of [
      'package.json', 'package-lock.json', 'migrations/001.sql', 'migrations/002.sql', 'migrations/notes.md',
      'src/a.ts', 'src/deep/b.ts', 'node_modules/x/index.ts', '.git/HEAD', '.netra/cache/x.json', 'src/.hidden.ts',
    ]) {
      await mkdir(dirname(join(root, file)), { recursive: true });
      await writeFile(join(root, file), file);
    }
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('walks globs, folders and files; sorted; skips .git, .netra and unnamed node_modules', async () => {
    const result = await expandInputs(root, ['**/*.ts', 'migrations', 'package-lock.json', 'missing/**']);
    expect(result.files).toEqual([
      'migrations/001.sql', 'migrations/002.sql', 'migrations/notes.md', 'package-lock.json',
      'src/.hidden.ts', 'src/a.ts', 'src/deep/b.ts',
    ]);
    expect(result.unmatched).toEqual(['missing/**']);
  });

  it('honours exclusions and patterns that name node_modules', async () => {
    const result = await expandInputs(root, ['migrations/**', '!**/*.md', 'node_modules/**']);
    expect(result.files).toEqual(['migrations/001.sql', 'migrations/002.sql', 'node_modules/x/index.ts']);
  });
});

import { describe, expect, it } from 'vitest';
import { globBase, globToRegExp } from '../../../src/race/glob.js';

const matches = (pattern: string, path: string, matchBasename = false): boolean =>
  globToRegExp(pattern, { matchBasename }).test(path);

describe('globToRegExp', () => {
  it.each([
    ['src/**', 'src/a.ts', true],
    ['src/**', 'src/deep/.env', true],
    ['src/**', 'src', true],
    ['src/**', 'srcx/a.ts', false],
    ['src/**/*.ts', 'src/a.ts', true],
    ['src/**/*.ts', 'src/x/y/a.ts', true],
    ['src/**/*.ts', 'src/x/a.js', false],
    ['src/*.ts', 'src/x/a.ts', false],
    ['**/*.py', 'a/b/c.py', true],
    ['**/*.py', 'c.py', true],
    ['*.{ts,tsx}', 'a.tsx', true],
    ['*.{ts,tsx}', 'a.js', false],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file10.txt', false],
    ['[ab].txt', 'a.txt', true],
    ['[!ab].txt', 'a.txt', false],
    ['migrations', 'migrations/001.sql', true],
    ['migrations', 'migrations', true],
    ['./lib/', 'lib/x.js', true],
    ['a.b', 'axb', false],
  ])('%s vs %s → %s', (pattern, path, expected) => {
    expect(matches(pattern, path)).toBe(expected);
  });

  it('matches a slash-free pattern at any depth when asked (ignore lists)', () => {
    expect(matches('*.log', 'a/b/c.log', true)).toBe(true);
    expect(matches('dist', 'pkg/dist/x.js', true)).toBe(true);
    expect(matches('*.log', 'a/b/c.log', false)).toBe(false);
    expect(matches('build/*.js', 'x/build/a.js', true)).toBe(false);
  });
});

describe('globBase', () => {
  it.each([
    ['examples/chat-backend/**', 'examples/chat-backend'],
    ['**/*.ts', '.'],
    ['src/*.ts', 'src'],
    ['src', 'src'],
    ['package.json', 'package.json'],
    ['/abs/dir/**', '/abs/dir'],
    ['/**', '/'],
  ])('%s → %s', (pattern, base) => {
    expect(globBase(pattern)).toBe(base);
  });
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { watchPaths, type Watcher, type WatchOptions } from '../../../src/race/index.js';

let dir: string;
let watcher: Watcher | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'netra-watch-'));
  await mkdir(join(dir, 'src', 'deep'), { recursive: true });
  await mkdir(join(dir, 'node_modules', 'pkg'), { recursive: true });
  await mkdir(join(dir, 'dist'), { recursive: true });
});
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Starts a watcher whose onChange calls are queued; next() waits for the next one. */
async function start(options: Omit<WatchOptions, 'cwd' | 'onChange'>): Promise<{ calls: string[][]; next(): Promise<string[]> }> {
  const calls: string[][] = [];
  let waiter: ((files: string[]) => void) | undefined;
  let delivered = 0;
  watcher = await watchPaths({
    cwd: dir,
    ...options,
    onChange: (files) => {
      calls.push(files);
      waiter?.(files);
      waiter = undefined;
    },
  });
  return {
    calls,
    next: () => {
      const index = delivered++;
      const ready = calls[index];
      return ready !== undefined ? Promise.resolve(ready) : new Promise((resolve) => (waiter = resolve));
    },
  };
}

it('a burst of 50 writes gives exactly one onChange with every file', async () => {
  const watch = await start({ paths: ['src/**'], debounceMs: 300 });
  const names = Array.from({ length: 50 }, (_, i) => `src/${i % 2 ? 'deep/' : ''}file-${String(i).padStart(2, '0')}.ts`);
  await Promise.all(names.map((name) => writeFile(join(dir, name), 'x')));
  const first = await watch.next();
  expect(first).toEqual([...names].sort());
  // Nothing else was pending: the next change arrives alone, as the second call.
  await writeFile(join(dir, 'src/sentinel.ts'), 'x');
  expect(await watch.next()).toEqual(['src/sentinel.ts']);
  expect(watch.calls).toHaveLength(2);
});

it('reports only files matching the globs, never ignored ones', async () => {
  const watch = await start({ paths: ['src/**/*.ts', 'package.json'], ignore: ['*.gen.ts', 'src/deep/**'], debounceMs: 300 });
  await writeFile(join(dir, 'src/readme.md'), 'no');
  await writeFile(join(dir, 'src/types.gen.ts'), 'no');
  await writeFile(join(dir, 'src/deep/x.ts'), 'no');
  await writeFile(join(dir, 'node_modules/pkg/index.ts'), 'no');
  await writeFile(join(dir, 'dist/app.ts'), 'no');
  await writeFile(join(dir, 'src/app.ts'), 'yes');
  await writeFile(join(dir, 'package.json'), '{}');
  const files = await watch.next();
  expect(files).toEqual(['package.json', 'src/app.ts']);
});

it('reports deleted files, and nothing after close', async () => {
  await writeFile(join(dir, 'src/old.ts'), 'x');
  const watch = await start({ paths: ['src'], debounceMs: 50 });
  await rm(join(dir, 'src/old.ts'));
  expect(await watch.next()).toEqual(['src/old.ts']);
  await watcher!.close();
  watcher = undefined;
  await writeFile(join(dir, 'src/after-close.ts'), 'x');
  // A fresh watcher sees the next change; the closed one must not have reported anything.
  const second = await start({ paths: ['src'], debounceMs: 50 });
  await writeFile(join(dir, 'src/probe.ts'), 'x');
  expect(await second.next()).toEqual(['src/probe.ts']);
  expect(watch.calls).toHaveLength(1);
});

/**
 * TS/JS critical entries next to the file check, on a real temporary
 * project: one run reads each tsconfig and package.json once.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { verifyImports } from '../../../src/imports/index.js';
import { createNodeImportsFs } from '../../../src/imports/node-fs.js';

let root: string | undefined;

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root!, path)), { recursive: true });
  writeFileSync(join(root!, path), text);
}

it('checks critical entries with the disk caches of the file check (each config read once)', async () => {
  root = mkdtempSync(join(tmpdir(), 'netra-vi-ts-critical-')).replace(/\\/g, '/');
  write('package.json', JSON.stringify({ name: 'demo', type: 'module', dependencies: { 'left-pad': '1' } }));
  write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'nodenext' } }));
  write('src/a.ts', "export const alpha = 1;\n");
  write('src/b.ts', "import { alpha } from './a.js';\nimport pad from 'left-pad';\nexport const beta = alpha + pad;\n");
  write('launcher.config.ts', "export default { verifyImports: { critical: ['./src/a.js:alpha', './src/a.js:alfa', './src/gone.js', 'left-pad', 'node:fs'] } };\n");

  const real = createNodeImportsFs();
  const reads = new Map<string, number>();
  const fs = { ...real, readFile: (path: string) => (reads.set(path, (reads.get(path) ?? 0) + 1), real.readFile(path)) };
  const { findings } = await verifyImports({
    root, langs: ['ts'], fs, git: async () => undefined,
    critical: ['./src/a.js:alpha', './src/a.js:alfa', './src/gone.js', 'left-pad', 'node:fs'],
  });
  expect(findings.map((f) => [f.file, f.kind, f.specifier, f.suggestion])).toEqual([
    ['launcher.config.ts', 'name-not-found', './src/a.js:alfa', undefined],
    ['launcher.config.ts', 'module-not-found', './src/gone.js', undefined],
  ]);
  expect(reads.get(`${root}/package.json`)).toBe(1);
  expect(reads.get(`${root}/tsconfig.json`)).toBe(1);
});

it('checks a bare package name that cannot be a Python module (a hyphen) as TS, instead of skipping it', async () => {
  root = mkdtempSync(join(tmpdir(), 'netra-vi-ts-critical-')).replace(/\\/g, '/');
  write('package.json', JSON.stringify({ name: 'demo', type: 'module' }));
  write('src/a.ts', "export const alpha = 1;\n");
  write('launcher.config.ts', "export default { verifyImports: { critical: ['right-pad'] } };\n");
  const { findings } = await verifyImports({ root, langs: ['ts'], fs: createNodeImportsFs(), git: async () => undefined, critical: ['right-pad'] });
  expect(findings.map((f) => [f.file, f.lang, f.kind, f.specifier])).toEqual([['launcher.config.ts', 'ts', 'module-not-found', 'right-pad']]);
});

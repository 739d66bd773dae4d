/**
 * Parsing on worker threads gives the same findings as parsing on the main
 * thread. Runs the built library (`npm run build` first): workers load the
 * compiled parse-worker.js, which does not exist when running from sources.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';

const dist = new URL('../../../dist/imports/index.js', import.meta.url);
let root: string | undefined;

afterEach(() => {
  delete process.env['NETRA_IMPORTS_WORKERS'];
  if (root) rmSync(root, { recursive: true, force: true });
});

it('finds the same things with and without parse workers', async () => {
  expect(existsSync(dist), 'dist/ is missing: run `npm run build` first').toBe(true);
  const { verifyImports } = (await import(dist.href)) as typeof import('../../../src/imports/index.js');
  root = mkdtempSync(join(tmpdir(), 'netra-vi-parallel-'));
  for (let p = 0; p < 12; p++) {
    mkdirSync(join(root, `pkg${p}`));
    writeFileSync(join(root, `pkg${p}`, '__init__.py'), `from .m0 import Model0\n`);
    for (let m = 0; m < 100; m++) {
      const imports = p > 0 ? `from pkg${p - 1}.m${m} import Model${m}, helper${m}\n` : '';
      const broken = m === 42 ? `from pkg${(p + 1) % 12}.m${m} import Missing${p}\n` : '';
      writeFileSync(join(root, `pkg${p}`, `m${m}.py`), `${imports}${broken}\nclass Model${m}:\n    pass\n\n\ndef helper${m}():\n    return ${m}\n`);
    }
  }
  process.env['NETRA_IMPORTS_WORKERS'] = '0';
  const single = await verifyImports({ root, langs: ['py'], cycles: false, git: async () => undefined });
  process.env['NETRA_IMPORTS_WORKERS'] = '2';
  const parallel = await verifyImports({ root, langs: ['py'], cycles: false, git: async () => undefined });
  expect(single.filesChecked).toBe(1212);
  expect(single.findings.filter((f) => f.kind === 'name-not-found')).toHaveLength(12);
  expect(single.findings).toHaveLength(12);
  expect(parallel.findings).toEqual(single.findings);
});

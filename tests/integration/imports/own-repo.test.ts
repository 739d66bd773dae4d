/** netra checks itself: no broken import in its own sources (the fixtures are broken on purpose). */
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { verifyImports } from '../../../src/imports/index.js';

it("netra's own repository has no broken imports", async () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const report = await verifyImports({ root, ignore: ['tests/fixtures'] });
  expect(report.filesChecked).toBeGreaterThan(50);
  expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
});

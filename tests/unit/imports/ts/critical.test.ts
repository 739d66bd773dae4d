/** `verifyImports.critical` entries for TS/JS, resolved from the project root. */
import { describe, expect, it } from 'vitest';
import { parseCritical } from '../../../../src/imports/index.js';
import { typeScriptChecker } from '../../../../src/imports/ts/index.js';
import { diskFs, FIXTURES } from './helpers.js';

describe('TS critical entries', () => {
  it('reports entries whose module or name does not resolve, and only those', async () => {
    const root = `${FIXTURES}/workspaces`;
    const raw = [
      '@acme/core:greet',
      '@acme/core:greeet',
      './packages/core/src/config.js:config',
      './packages/core/src/nope.js',
      'node:fs',
      'left-pad',
      'vitest:expect',
    ];
    const findings = await typeScriptChecker.checkCritical!({ root, files: [], fs: diskFs }, raw.map(parseCritical));
    expect(findings.map((f) => [f.specifier, f.kind, f.name, f.suggestion])).toEqual([
      ['@acme/core:greeet', 'name-not-found', 'greeet', '@acme/core:greet'],
      ['./packages/core/src/nope.js', 'module-not-found', undefined, undefined],
      ['left-pad', 'module-not-found', undefined, undefined],
    ]);
    expect(findings.every((f) => f.severity === 'error' && f.lang === 'ts')).toBe(true);
  });
});

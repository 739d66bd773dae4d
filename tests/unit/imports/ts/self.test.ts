/**
 * netra checks itself in CI: its own sources (NodeNext, `.js` specifiers to
 * `.ts` files, `import type`, node: builtins, packages from package.json) must
 * produce no finding. The tree is taken from a pinned commit (git archive) so
 * that half-written work of other modules cannot make this test flaky; the
 * live tree is covered by `netra verify-imports` in CI.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typeScriptChecker } from '../../../../src/imports/ts/index.js';
import { codeFiles, diskFs } from './helpers.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url)).replace(/\/$/, '');
/** A commit whose src/ compiles cleanly with tsc (201 source files). */
const CLEAN_COMMIT = '1a02491';

describe('netra checks itself', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(`${tmpdir()}/netra-self-`);
    const archive = execFileSync('git', ['archive', CLEAN_COMMIT, 'src', 'package.json', 'tsconfig.json'], {
      cwd: REPO,
      maxBuffer: 64 * 1024 * 1024,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('src/ has no finding', async () => {
    const files = codeFiles(`${dir}/src`);
    expect(files.length).toBe(201);
    const report = await typeScriptChecker.check({ root: dir, files, fs: diskFs });
    expect(report.findings).toEqual([]);
    expect(report.checkedFiles).toBe(files.length);
    // `.js` specifiers reached the `.ts` files: internal edges exist and point at .ts sources.
    const internal = report.edges.filter((e) => !e.external);
    expect(internal.length).toBeGreaterThan(200);
    expect(internal.every((e) => e.to.endsWith('.ts'))).toBe(true);
    expect(report.edges).toContainEqual(expect.objectContaining({ to: 'node:fs/promises', external: true }));
  });
});

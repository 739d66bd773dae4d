/**
 * One fixture repository per semantic rule (tests/fixtures/imports/ts/<rule>):
 * each holds cases that must be reported and tricky valid ones that must not,
 * and the exact findings are pinned (file, line, column, kind, name, suggestion).
 */
import { describe, expect, it } from 'vitest';
import type { CheckContext, FindingKind } from '../../../../src/imports/model.js';
import { typeScriptChecker } from '../../../../src/imports/ts/index.js';
import { checkFixture, codeFiles, compact, diskFs, FIXTURES, type Compact } from './helpers.js';

function f(file: string, line: number, column: number, kind: FindingKind, specifier: string, name?: string, suggestion?: string): Compact {
  const c: Compact = { file, line, column, kind, specifier };
  if (name !== undefined) c.name = name;
  if (suggestion !== undefined) c.suggestion = suggestion;
  return c;
}

async function findings(name: string): Promise<Compact[]> {
  return compact((await checkFixture(name)).findings);
}

describe('TS/JS checker fixtures', () => {
  it('syntax: comments, strings, templates, regexes and JSX are never imports', async () => {
    expect(await findings('syntax')).toEqual([
      f('src/comments.ts', 13, 35, 'module-not-found', './broken-after-division.js'),
      f('src/comments.ts', 16, 8, 'module-not-found', './broken-after-regex.js'),
      f('src/legacy.jsx', 6, 9, 'module-not-found', './broken-after-jsx-in-js.js'),
      f('src/view.tsx', 17, 8, 'module-not-found', './broken-after-jsx.js'),
    ]);
  });

  it('forms: every import form is checked, each reported once', async () => {
    expect(await findings('forms')).toEqual([
      f('src/use.ts', 15, 18, 'module-not-found', './gone'),
      f('src/use.ts', 16, 10, 'name-not-found', './lib', 'two'),
      f('src/use.ts', 17, 23, 'module-not-found', './nope'),
      f('src/use.ts', 18, 30, 'module-not-found', './type-gone'),
      f('src/use.ts', 19, 8, 'module-not-found', './side-effect-gone'),
      f('src/use.ts', 20, 19, 'module-not-found', './reexport-gone'),
      f('src/use.ts', 21, 15, 'module-not-found', './star-gone'),
      f('src/use.ts', 22, 22, 'module-not-found', './ns-gone'),
      f('src/use.ts', 23, 22, 'module-not-found', './equals-gone'),
      f('src/use.ts', 24, 28, 'module-not-found', './dynamic-gone'),
      f('src/use.ts', 25, 21, 'module-not-found', './require-gone'),
      f('src/use.ts', 27, 34, 'module-not-found', './type-query-gone'),
    ]);
  });

  it('exports: declarations, destructuring, aliases, default, export =, type-only exports', async () => {
    const report = await checkFixture('exports');
    expect(compact(report.findings)).toEqual([
      // `qq` is only a property key of the destructuring; `local` is exported as `aliased`.
      f('src/consumer.ts', 8, 10, 'name-not-found', './decls.js', 'qq'),
      f('src/consumer.ts', 8, 14, 'name-not-found', './decls.js', 'locl'),
      f('src/consumer.ts', 8, 20, 'name-not-found', './decls.js', 'Aliased', 'aliased'),
      f('src/consumer.ts', 8, 29, 'name-not-found', './decls.js', 'nested'),
      f('src/consumer.ts', 9, 8, 'name-not-found', './no-default.js', 'default'),
      f('src/consumer.ts', 10, 10, 'name-not-found', './types-only.js', 'Hiden', 'Hidden'),
    ]);
    const noDefault = report.findings.find((x) => x.name === 'default');
    expect(noDefault?.message).toBe("'./no-default.js' has no default export");
    expect(report.findings.every((x) => x.severity === 'error' && x.lang === 'ts')).toBe(true);
  });

  it('barrels: chains, export * without default, ambiguous stars, a broken barrel reported once', async () => {
    const report = await checkFixture('barrels');
    expect(compact(report.findings)).toEqual([
      f('src/app.ts', 8, 10, 'name-not-found', './models/index.js', 'shared'),
      f('src/app.ts', 9, 8, 'name-not-found', './models/index.js', 'default'),
      f('src/app.ts', 10, 10, 'name-not-found', './api/index.js', 'createUsr', 'createUser'),
      f('src/broken/index.ts', 1, 15, 'module-not-found', './gone.js'),
      f('src/broken/index.ts', 2, 37, 'module-not-found', './also-gone.js'),
      f('src/broken/index.ts', 3, 22, 'name-not-found', '../models/user.js', 'notThere'),
    ]);
    const ambiguous = report.findings.find((x) => x.name === 'shared');
    expect(ambiguous?.message).toContain('ambiguous');
  });

  it('cjs: names from CommonJS and script files are unknown, never reported', async () => {
    expect(await findings('cjs')).toEqual([
      f('src/main.ts', 6, 19, 'name-not-found', '../lib/esm.mjs', 'esmTypo'),
      f('src/main.ts', 8, 22, 'module-not-found', '../lib/gone'),
    ]);
  });

  it('tsconfig: references, extends (relative, package, array), paths with and without baseUrl', async () => {
    expect(await findings('tsconfig')).toEqual([
      f('src/main.ts', 8, 23, 'module-not-found', '@app/widgets/buton', undefined, '@app/widgets/button'),
      f('src/main.ts', 9, 25, 'module-not-found', '@app/nowhere/at-all'),
      f('src/main.ts', 10, 10, 'name-not-found', 'shared/format', 'formatt', 'format'),
      // Under a baseUrl with a shared/ folder, a bare-looking path is a broken project path.
      f('src/main.ts', 19, 21, 'module-not-found', 'shared/formt', undefined, 'shared/format'),
      f('tools/build.ts', 5, 32, 'module-not-found', '~tools/helpr', undefined, '~tools/helper'),
    ]);
  });

  it('jsconfig: JavaScript projects get their paths from jsconfig.json', async () => {
    expect(await findings('jsconfig')).toEqual([
      f('src/page.jsx', 5, 23, 'module-not-found', '@/components/Buton', undefined, '@/components/Button'),
    ]);
  });

  it('node16: ESM needs full file names (.js → .ts, .mjs → .mts, .cjs → .cts); CommonJS and bundler do not', async () => {
    const report = await checkFixture('node16');
    expect(compact(report.findings)).toEqual([
      f('src/main.ts', 11, 28, 'module-not-found', './util', undefined, './util.js'),
      f('src/main.ts', 12, 29, 'module-not-found', './dir', undefined, './dir/index.js'),
      f('src/main.ts', 13, 28, 'module-not-found', './util', undefined, './util.js'),
      // `.ts` only with allowImportingTsExtensions (ts-ext/ has it and passes).
      f('src/main.ts', 16, 28, 'module-not-found', './util.ts', undefined, './util.js'),
      f('web/app.ts', 5, 22, 'module-not-found', './lib/nope'),
    ]);
    expect(report.findings[0]?.message).toContain('node16/nodenext');
  });

  it('case: a path must match the disk exactly', async () => {
    expect(await findings('case')).toEqual([
      f('src/main.ts', 3, 31, 'module-not-found', './components/UserCard', undefined, './components/userCard'),
      f('src/main.ts', 4, 31, 'module-not-found', './Components/userCard', undefined, './components/userCard'),
    ]);
  });

  it('workspaces: npm and pnpm packages resolve to their sources through exports, imports and main', async () => {
    const report = await checkFixture('workspaces');
    expect(compact(report.findings)).toEqual([
      f('apps/web/site/src/main.ts', 11, 24, 'module-not-found', '@acme/core/features/internal/hidden'),
      f('apps/web/site/src/main.ts', 12, 22, 'module-not-found', '@acme/core/not-exported'),
      f('apps/web/site/src/main.ts', 13, 10, 'name-not-found', '@acme/core', 'greeet', 'greet'),
      f('apps/web/site/src/main.ts', 14, 25, 'unlisted-dependency', '@acme/ignored'),
      f('apps/web/site/src/main.ts', 15, 22, 'module-not-found', '@acme/ui/src/thme', undefined, '@acme/ui/src/theme'),
      f('apps/web/site/src/main.ts', 21, 31, 'unlisted-dependency', '@acme/cor', undefined, '@acme/core'),
      f('packages/core/src/broken-imports.ts', 1, 25, 'module-not-found', '#internal/nothing'),
      f('packages/core/src/broken-imports.ts', 2, 19, 'module-not-found', '#undeclared'),
    ]);
    const notExported = report.findings.find((x) => x.specifier === '@acme/core/not-exported');
    expect(notExported?.message).toContain('is not exported by @acme/core');
    expect(report.findings.find((x) => x.kind === 'unlisted-dependency')?.severity).toBe('warning');
    // dist/index.js (not built) maps back to src/index.ts through the package's outDir/rootDir.
    expect(report.edges).toContainEqual(expect.objectContaining({
      from: 'apps/web/site/src/main.ts', to: 'packages/core/src/index.ts', specifier: '@acme/core',
    }));
    expect(report.edges).toContainEqual(expect.objectContaining({
      from: 'packages/core/src/index.ts', to: 'packages/core/src/internal/secret.ts', specifier: '#internal/secret',
    }));
  });

  it('packages: builtins, declared and undeclared packages, @types, ambient modules, assets', async () => {
    const report = await checkFixture('packages');
    expect(compact(report.findings)).toEqual([
      f('src/main.ts', 21, 19, 'unlisted-dependency', 'chalk'),
      f('src/main.ts', 22, 19, 'unlisted-dependency', '@other/pkg/sub'),
      // node:sqlite exists only with its prefix; bare `sqlite` is an npm package.
      f('src/main.ts', 23, 20, 'unlisted-dependency', 'sqlite'),
      f('src/main.ts', 24, 25, 'module-not-found', 'node:nothing'),
      // `declare module '*.svg'` types svg imports, but the file must still exist.
      f('src/main.ts', 25, 21, 'module-not-found', './missing.svg'),
      f('src/main.ts', 26, 8, 'module-not-found', './style.css', undefined, './styles.css'),
      f('src/main.ts', 27, 18, 'module-not-found', './dta.json', undefined, './data.json'),
    ]);
    expect(report.edges.filter((e) => e.external).map((e) => e.to)).toContain('node:fs/promises');
  });

  it('edges: project-internal edges carry typeOnly; packages and builtins are external', async () => {
    const report = await checkFixture('edges');
    expect(report.findings).toEqual([]);
    const edges = report.edges.map((e) => [e.from, e.to, e.line, e.column, e.typeOnly, e.external ?? false]);
    expect(edges).toEqual([
      ['src/a.ts', 'src/b.ts', 1, 24, true, false],
      ['src/b.ts', 'src/a.ts', 1, 19, false, false],
      ['src/c.ts', 'src/b.ts', 1, 24, true, false],
      ['src/c.ts', 'src/b.ts', 2, 33, false, false],
      ['src/c.ts', 'src/b.ts', 3, 30, true, false],
      ['src/c.ts', 'src/a.ts', 4, 27, false, false],
      ['src/c.ts', 'node:fs', 5, 16, false, true],
      ['src/d.d.ts', 'src/a.ts', 1, 19, true, false],
    ]);
  });

  it('ambient modules of .d.ts files outside a --changed selection still count (ctx.allFiles)', async () => {
    const root = `${FIXTURES}/packages`;
    const all = codeFiles(root);
    const main = all.filter((file) => file.endsWith('/main.ts'));
    const withAll = await typeScriptChecker.check({ root, files: main, fs: diskFs, allFiles: all } as CheckContext);
    expect(withAll.findings.some((x) => x.specifier === 'virtual-config')).toBe(false);
    const without = await typeScriptChecker.check({ root, files: main, fs: diskFs });
    expect(without.findings.find((x) => x.specifier === 'virtual-config')?.kind).toBe('unlisted-dependency');
  });
});

import { describe, expect, it } from 'vitest';
import { buildBaseline, renderReport, verifyImports } from '../../../src/imports/index.js';
import type { CheckContext, Finding, LanguageChecker, VerifyReport } from '../../../src/imports/index.js';
import { memoryFs } from './memory-fs.js';

function finding(file: string, line: number, extra: Partial<Finding> = {}): Finding {
  return { file, line, column: 1, lang: 'py', kind: 'module-not-found', specifier: 'gone', message: 'module `gone` not found', severity: 'error', ...extra };
}

/** A checker that reports what it is told, and remembers which files it was given. */
function fakeChecker(findings: Finding[], seen: string[][] = []): LanguageChecker {
  return {
    lang: 'py',
    async check(ctx: CheckContext) {
      seen.push(ctx.files);
      return { findings, edges: [], checkedFiles: ctx.files.length };
    },
    async checkCritical(_ctx, entries) {
      return entries.filter((e) => e.module === 'missing').map((e) => finding('', 1, { specifier: e.raw, kind: 'name-not-found', ...(e.name ? { name: e.name } : {}) }));
    },
  };
}

describe('verifyImports', () => {
  it('sorts findings and counts checked files', async () => {
    const fs = memoryFs({ '/repo/a.py': '', '/repo/b.py': '' });
    const report = await verifyImports({ root: '/repo', fs, checkers: [fakeChecker([finding('b.py', 2), finding('a.py', 9), finding('a.py', 3)])] });
    expect(report.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['a.py:3', 'a.py:9', 'b.py:2']);
    expect(report.filesChecked).toBe(2);
  });

  it('throws a usage error for a path that does not exist', async () => {
    const fs = memoryFs({ '/repo/a.py': '' });
    await expect(verifyImports({ root: '/repo', paths: ['nope'], fs, checkers: [] })).rejects.toMatchObject({ code: 'USAGE', exitCode: 2 });
  });

  it('filters baseline findings even after their lines moved, but not new ones', async () => {
    const before = [finding('a.py', 3), finding('a.py', 8)];
    const baseline = JSON.stringify(buildBaseline(before));
    const fs = memoryFs({ '/repo/a.py': '', '/repo/baseline.json': baseline });
    const after = [finding('a.py', 13), finding('a.py', 18), finding('a.py', 20), finding('a.py', 21, { specifier: 'other' })];
    const report = await verifyImports({ root: '/repo', baseline: 'baseline.json', fs, checkers: [fakeChecker(after)] });
    expect(report.findings.map((f) => `${f.line} ${f.specifier}`)).toEqual(['20 gone', '21 other']);
  });

  it('points critical findings at the config file line that lists them', async () => {
    const fs = memoryFs({ '/repo/a.py': '', '/repo/launcher.config.ts': "export default {\n  verifyImports: { critical: ['ok.module:Name', 'missing:Thing'] },\n};\n" });
    const report = await verifyImports({ root: '/repo', critical: ['ok.module:Name', 'missing:Thing'], fs, checkers: [fakeChecker([])] });
    expect(report.findings).toMatchObject([{ file: 'launcher.config.ts', line: 2, column: 50, specifier: 'missing:Thing', name: 'Thing' }]);
  });

  it('checks only changed files and files mentioning them with --changed', async () => {
    const fs = memoryFs({
      '/repo/pkg/core.py': 'X = 1',
      '/repo/pkg/uses_core.py': 'from pkg.core import X',
      '/repo/pkg/unrelated.py': 'import os',
    });
    const seen: string[][] = [];
    const git = async (args: readonly string[]): Promise<string | undefined> =>
      args[0] === 'rev-parse' ? '/repo\n' : args[0] === 'diff' ? 'pkg/core.py\n' : '';
    await verifyImports({ root: '/repo', changed: 'main', fs, git, checkers: [fakeChecker([], seen)] });
    expect(seen).toEqual([['/repo/pkg/core.py', '/repo/pkg/uses_core.py']]);
  });
});

describe('renderReport', () => {
  const report: VerifyReport = {
    findings: [
      finding('src/a.py', 3, { column: 6, suggestion: 'alert_manager_compact.CompactAlertManager', specifier: 'alert_manager_core' }),
      finding('src/b,c.py', 1, { kind: 'unlisted-dependency', severity: 'warning', specifier: 'numpy', message: 'numpy: 100% undeclared\nsecond line' }),
    ],
    filesChecked: 2,
    durationMs: 12.4,
  };

  it('text: path:line:col  kind  message  (did you mean …?), summary on stderr', () => {
    const { stdout, stderr } = renderReport(report, 'text');
    expect(stdout.split('\n')[0]).toBe('src/a.py:3:6  module-not-found  module `gone` not found  (did you mean `alert_manager_compact.CompactAlertManager`?)');
    expect(stderr).toBe('verify-imports: 1 error, 1 warning in 2 files (12 ms)\n');
  });

  it('github: error and warning annotations with escaped properties and data', () => {
    const lines = renderReport(report, 'github').stdout.trim().split('\n');
    expect(lines[0]).toBe('::error file=src/a.py,line=3,col=6,title=module-not-found::module `gone` not found  (did you mean `alert_manager_compact.CompactAlertManager`?)');
    expect(lines[1]).toBe('::warning file=src/b%2Cc.py,line=1,col=1,title=unlisted-dependency::numpy: 100%25 undeclared%0Asecond line');
  });

  it('json, sarif, text and github carry the same findings', () => {
    const json = JSON.parse(renderReport(report, 'json').stdout) as { findings: Finding[]; summary: { errors: number; warnings: number } };
    expect(json.findings).toEqual(report.findings);
    expect(json.summary).toMatchObject({ errors: 1, warnings: 1, filesChecked: 2 });
    const sarif = JSON.parse(renderReport(report, 'sarif').stdout) as {
      version: string;
      runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }> }>;
    };
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toContain('unlisted-dependency');
    const fromSarif = run.results.map((r) => {
      const location = r.locations[0]!.physicalLocation;
      return `${decodeURI(location.artifactLocation.uri)}:${location.region.startLine}:${location.region.startColumn} ${r.ruleId} ${r.level}`;
    });
    const fromText = renderReport(report, 'text').stdout.trim().split('\n').map((l) => l.split('  ').slice(0, 2).join(' '));
    const fromGithub = renderReport(report, 'github').stdout.trim().split('\n').map((l) => {
      const m = /^::(\w+) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::/.exec(l)!;
      return `${decodeURIComponent(m[2]!)}:${m[3]}:${m[4]} ${m[5]} ${m[1]}`;
    });
    const expected = report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.kind} ${f.severity}`);
    expect(fromSarif).toEqual(expected);
    expect(fromGithub).toEqual(expected);
    expect(fromText).toEqual(expected.map((e) => e.replace(/ (error|warning)$/, '')));
  });
});

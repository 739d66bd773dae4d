/**
 * `netra verify-imports` end to end through the built bin (run `npm run
 * build` first): exit codes, formats, baseline. Kept few: the semantics are
 * covered by the fixture corpus.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(repoRoot, 'bin/netra.js');
const corpus = join(repoRoot, 'tests/fixtures/imports/py');
const mixed = join(repoRoot, 'tests/fixtures/imports/mixed');
const temps: string[] = [];

/** A copy of a fixture outside any git work tree or config, so it is its own project root. */
function fixture(rule: string): string {
  const dir = mkdtempSync(join(tmpdir(), `netra-vi-${rule}-`));
  temps.push(dir);
  cpSync(rule === 'mixed' ? mixed : join(corpus, rule), dir, { recursive: true });
  return dir;
}

function netra(cwd: string, args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, 'verify-imports', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_ACTIONS: '', NO_COLOR: '1', GIT_CEILING_DIRECTORIES: tmpdir(), ...env },
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run `npm run build` before the integration tests');
});

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('netra verify-imports', () => {
  it('exits 0 with a summary on stderr when nothing is broken', () => {
    const run = netra(fixture('stdlib'), []);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^verify-imports: no broken imports in \d+ files \(\d+ ms\)\n$/);
  });

  it('exits 0 when there are only warnings', () => {
    const run = netra(fixture('third-party'), []);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('svc/main.py:15:8  unlisted-dependency  ');
  });

  it('exits 1 with one text line per finding when imports are broken', () => {
    const run = netra(fixture('relative'), []);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[2]).toBe('src/shop/cart/items.py:7:6  module-not-found  module `..missing` not found (no `missing` in `..`)');
  });

  it('prints the same findings as json, github and sarif', () => {
    const dir = fixture('case');
    const json = JSON.parse(netra(dir, ['--format', 'json']).stdout) as { findings: Array<{ file: string; line: number; column: number; kind: string }> };
    const keys = json.findings.map((f) => `${f.file}:${f.line}:${f.column}:${f.kind}`);
    expect(keys).toHaveLength(3);
    const github = netra(dir, [], { GITHUB_ACTIONS: 'true' }).stdout.trim().split('\n');
    expect(github.map((l) => l.replace(/^::error file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::.*$/, '$1:$2:$3:$4'))).toEqual(keys);
    const sarif = JSON.parse(netra(dir, ['--format', 'sarif']).stdout) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toEqual(json.findings.map((f) => f.kind));
    const viaFlag = JSON.parse(netra(dir, ['--json']).stdout) as typeof json;
    expect(viaFlag.findings).toEqual(json.findings);
  });

  it('applies the config (boundaries, critical) to Python and TS alike, in every format', () => {
    const dir = fixture('mixed');
    const text = netra(dir, []);
    expect(text.code).toBe(1);
    const fromText = text.stdout.trim().split('\n').map((l) => l.split('  ').slice(0, 2).join(' '));
    expect(fromText).toEqual([
      'app/main.py:1:30 name-not-found',
      'app/main.py:2:6 boundary',
      'app/main.py:3:8 boundary',
      'app/main.py:3:8 unlisted-dependency',
      'launcher.config.mjs:8:36 name-not-found',
      'launcher.config.mjs:8:56 module-not-found',
      'web/src/index.ts:1:18 name-not-found',
      'web/src/index.ts:2:23 boundary',
      'web/src/index.ts:3:25 module-not-found',
    ]);
    const json = JSON.parse(netra(dir, ['--json']).stdout) as { findings: Array<{ file: string; line: number; column: number; kind: string; severity: string }> };
    expect(json.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.kind}`)).toEqual(fromText);
    const github = netra(dir, ['--format', 'github']).stdout.trim().split('\n');
    expect(github.map((l) => l.replace(/^::\w+ file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::.*$/, '$1:$2:$3 $4'))).toEqual(fromText);
    expect(github.filter((l) => l.startsWith('::warning ')).length).toBe(1);
    const sarif = JSON.parse(netra(dir, ['--format', 'sarif']).stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }> }>;
    };
    expect(sarif.runs[0]!.results.map((r) => {
      const at = r.locations[0]!.physicalLocation;
      return `${at.artifactLocation.uri}:${at.region.startLine}:${at.region.startColumn} ${r.ruleId}`;
    })).toEqual(fromText);
    expect(netra(dir, ['--lang', 'py', '--no-cycles', 'app']).stdout).not.toContain('web/');
  });

  it('exits 2 on usage errors', () => {
    const dir = fixture('stdlib');
    expect(netra(dir, ['--format', 'xml']).code).toBe(2);
    expect(netra(dir, ['--lang', 'rust']).code).toBe(2);
    expect(netra(dir, ['no/such/path']).code).toBe(2);
    expect(netra(dir, ['--no-such-flag']).code).toBe(2);
  });

  it('adopts a baseline: known findings pass, new ones fail', () => {
    const dir = fixture('relative');
    const update = netra(dir, ['--update-baseline']);
    expect(update.code).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, 'verify-imports.baseline.json'), 'utf8')) as { findings: unknown[] };
    expect(baseline.findings).toHaveLength(5);
    expect(netra(dir, ['--baseline', 'verify-imports.baseline.json']).code).toBe(0);
    cpSync(join(dir, 'src/shop/cart/items.py'), join(dir, 'src/shop/cart/copy.py'));
    const after = netra(dir, ['--baseline', 'verify-imports.baseline.json']);
    expect(after.code).toBe(1);
    expect(after.stdout.split('\n').filter(Boolean).every((l) => l.startsWith('src/shop/cart/copy.py:'))).toBe(true);
  });
});

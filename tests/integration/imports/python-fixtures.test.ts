/**
 * The Python fixture corpus: one small repository per semantic rule under
 * tests/fixtures/imports/py/<rule>/, each with cases that must be reported
 * and tricky valid ones that must not; expected.txt lists exactly the
 * findings (`file:line:col kind [name]`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyImports } from '../../../src/imports/index.js';
import { createNodeImportsFs } from '../../../src/imports/node-fs.js';
import type { Finding } from '../../../src/imports/index.js';

const corpus = fileURLToPath(new URL('../../fixtures/imports/py/', import.meta.url));
const noGit = async (): Promise<undefined> => undefined;

function line(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column} ${finding.kind}${finding.name ? ` ${finding.name}` : ''}`;
}

async function check(rule: string): Promise<Finding[]> {
  const report = await verifyImports({ root: `${corpus}${rule}`, langs: ['py'], git: noGit });
  return report.findings;
}

describe('python fixture corpus', () => {
  for (const rule of readdirSync(corpus).sort()) {
    it(`${rule}: reports exactly the expected findings`, async () => {
      const expected = readFileSync(`${corpus}${rule}/expected.txt`, 'utf8').split('\n').filter(Boolean);
      expect((await check(rule)).map(line)).toEqual(expected);
    });
  }

  it('imports only seen by type checkers are warnings, not errors', async () => {
    const findings = await check('guards');
    const typeOnly = findings.filter((f) => f.line === 43 || f.line === 48);
    expect(typeOnly.map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(findings.filter((f) => f.severity === 'error')).toHaveLength(4);
  });

  it('suggests the exact-case file and the closest names', async () => {
    const findings = await check('case');
    expect(findings.map((f) => f.suggestion)).toEqual(['app.Utils', 'Config', 'X']);
  });

  it('names a module that exists off the import roots as importable from the root', async () => {
    const [finding] = await check('roots');
    expect(finding?.suggestion).toBe('tools.helper');
  });

  it('reports an undeclared third-party package once, with how often it is imported', async () => {
    const findings = await check('third-party');
    expect(findings.every((f) => f.severity === 'warning')).toBe(true);
    expect(findings[1]?.message).toContain('`numpy`');
    expect(findings[1]?.message).toContain('2 places');
  });

  it('discovers the project once when critical entries are checked too (roots still apply to them)', async () => {
    const real = createNodeImportsFs();
    const reads = new Map<string, number>();
    const fs = { ...real, readFile: (path: string) => (reads.set(path, (reads.get(path) ?? 0) + 1), real.readFile(path)) };
    const root = `${corpus}roots`;
    const report = await verifyImports({ root, langs: ['py'], git: noGit, fs, critical: ['core.engine', 'core.nowhere'] });
    expect(report.findings.filter((f) => f.file === 'launcher.config.ts').map((f) => f.message)).toEqual([
      'critical module `core.nowhere` does not resolve',
    ]);
    expect(reads.get(`${root.replace(/\\/g, '/').replace(/\/$/, '')}/pyproject.toml`)).toBe(1);
  });

  it('prints the cycle path', async () => {
    const [finding] = await check('cycles');
    expect(finding?.message).toBe('import cycle: pkg/a.py -> pkg/b.py -> pkg/c.py -> pkg/a.py');
  });
});

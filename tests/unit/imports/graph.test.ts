import { describe, expect, it } from 'vitest';
import { findCycles } from '../../../src/imports/cycles.js';
import { checkBoundaries } from '../../../src/imports/boundaries.js';
import type { ImportEdge } from '../../../src/imports/model.js';

const edge = (from: string, to: string, extra: Partial<ImportEdge> = {}): ImportEdge => ({
  from, to, line: 1, column: 1, specifier: to, lang: 'py', typeOnly: false, ...extra,
});

describe('findCycles', () => {
  it('reports each cycle once, from its smallest file, with its path', () => {
    const findings = findCycles([edge('b.py', 'c.py'), edge('c.py', 'a.py'), edge('a.py', 'b.py', { line: 7, column: 3 })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: 'a.py', line: 7, column: 3, kind: 'cycle', message: 'import cycle: a.py -> b.py -> c.py -> a.py' });
  });

  it('ignores type-only, external and self edges', () => {
    expect(findCycles([edge('a.py', 'b.py'), edge('b.py', 'a.py', { typeOnly: true })])).toEqual([]);
    expect(findCycles([edge('a.py', 'os', { external: true }), edge('a.py', 'a.py')])).toEqual([]);
  });

  it('covers every cyclic edge of a tangle with a few short cycles', () => {
    const edges = [edge('a', 'b'), edge('b', 'a'), edge('b', 'c'), edge('c', 'b'), edge('c', 'a')];
    const messages = findCycles(edges).map((f) => f.message.replace(/ \(.*\)$/, ''));
    expect(messages).toEqual(['import cycle: a -> b -> a', 'import cycle: b -> c -> b', 'import cycle: a -> b -> c -> a']);
  });

  it('handles long chains without recursion limits', () => {
    const edges = Array.from({ length: 20_000 }, (_, i) => edge(`m${i}`, `m${(i + 1) % 20_000}`));
    expect(findCycles(edges)).toHaveLength(1);
  });
});

describe('checkBoundaries', () => {
  const rules = [
    { from: 'src/**', disallow: ['tests/**', 'pytest', 'src.dev'], message: 'production code must not import test or dev code' },
  ];

  it('matches imported files by glob and imports by module name', () => {
    const findings = checkBoundaries(
      [
        edge('src/app.py', 'tests/helpers.py', { specifier: 'tests.helpers' }),
        edge('src/app.py', 'pytest', { external: true }),
        edge('src/app.py', '_pytest.fixtures', { external: true }),
        edge('src/app.py', 'src/dev/launcher.py', { specifier: '.dev.launcher' }),
        edge('src/app.py', 'src/devtools.py', { specifier: '.devtools' }),
        edge('tests/t.py', 'pytest', { external: true }),
      ],
      rules,
    );
    expect(findings.map((f) => f.specifier)).toEqual(['tests.helpers', 'pytest', '.dev.launcher']);
    expect(findings[0]?.message).toContain('production code must not import test or dev code');
  });
});

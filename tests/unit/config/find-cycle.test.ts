import { describe, expect, it } from 'vitest';
import { findCycle } from '../../../src/config/rules.js';
import type { UserConfig } from '../../../src/config/types.js';

const graph = (edges: Record<string, string[]>): UserConfig => ({
  services: Object.fromEntries(Object.entries(edges).map(([name, deps]) => [name, { command: ['x'], dependsOn: deps }])),
});

describe('findCycle', () => {
  it('finds none in a DAG, diamonds included', () => {
    expect(findCycle(graph({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'] }))).toBeUndefined();
  });

  it('names a two-service cycle from and back to its first service', () => {
    expect(findCycle(graph({ a: ['b'], b: ['a'] }))).toEqual(['a', 'b', 'a']);
  });

  it('names only the cycle, not the path that led to it', () => {
    expect(findCycle(graph({ entry: ['x'], x: ['y'], y: ['z'], z: ['x'] }))).toEqual(['x', 'y', 'z', 'x']);
  });

  it('ignores self-loops and unknown services (their own rules report them)', () => {
    expect(findCycle(graph({ a: ['a', 'ghost'] }))).toBeUndefined();
  });

  it('reads dependencies given as objects', () => {
    const config: UserConfig = {
      services: {
        a: { command: ['x'], dependsOn: [{ service: 'b', condition: 'started' }] },
        b: { command: ['x'], dependsOn: [{ service: 'a' }] },
      },
    };
    expect(findCycle(config)).toEqual(['a', 'b', 'a']);
  });
});

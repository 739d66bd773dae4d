import { describe, expect, it } from 'vitest';
import { mergeEnvironment, normalizeWindowsEnvironment, readWindowsEnv } from '../../../src/process/windows-env.js';

describe('mergeEnvironment', () => {
  it('on Windows, a config PATH replaces the inherited Path instead of adding a second variable', () => {
    const merged = mergeEnvironment({ Path: 'C:\\Windows', USERNAME: 'dev' }, { PATH: 'C:\\tools;C:\\Windows' }, 'windows');
    expect(merged).toEqual({ Path: 'C:\\tools;C:\\Windows', USERNAME: 'dev' });
  });

  it('on Windows, matches any casing in both directions and keeps the inherited spelling', () => {
    const merged = mergeEnvironment({ PATH: 'a', ComSpec: 'C:\\Windows\\system32\\cmd.exe' }, { path: 'b', COMSPEC: 'x' }, 'windows');
    expect(merged).toEqual({ PATH: 'b', ComSpec: 'x' });
  });

  it('on Windows, collapses keys of one object that differ only in case, the last winning', () => {
    expect(mergeEnvironment({}, { Path: 'first', PATH: 'second' }, 'windows')).toEqual({ Path: 'second' });
    expect(normalizeWindowsEnvironment({ PATH: 'inherited', Path: 'config' })).toEqual({ PATH: 'config' });
  });

  it('skips undefined values, as process.env has none', () => {
    expect(mergeEnvironment({ A: undefined, B: '1' }, { C: undefined }, 'windows')).toEqual({ B: '1' });
    expect(mergeEnvironment({ A: undefined, B: '1' }, { C: undefined }, 'posix')).toEqual({ B: '1' });
  });

  it('on POSIX, names are case-sensitive: PATH and Path are two variables', () => {
    const merged = mergeEnvironment({ Path: 'x', PATH: '/usr/bin' }, { PATH: '/opt/bin:/usr/bin' }, 'posix');
    expect(merged).toEqual({ Path: 'x', PATH: '/opt/bin:/usr/bin' });
  });

  it('does not modify its inputs', () => {
    const base = { Path: 'a' };
    const overrides = { PATH: 'b' };
    mergeEnvironment(base, overrides, 'windows');
    expect(base).toEqual({ Path: 'a' });
    expect(overrides).toEqual({ PATH: 'b' });
  });
});

describe('readWindowsEnv', () => {
  it('looks a name up case-insensitively', () => {
    expect(readWindowsEnv({ SystemRoot: 'C:\\Windows' }, 'SYSTEMROOT')).toBe('C:\\Windows');
    expect(readWindowsEnv({ Path: 'x' }, 'PATHEXT')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { logPattern, looksLikePortConflict, withAutoPort } from '../../../src/race/index.js';

describe('looksLikePortConflict', () => {
  it.each([
    'Error: listen EADDRINUSE: address already in use :::4000',
    'OSError: [Errno 98] Address already in use',
    'listen tcp 127.0.0.1:4000: bind: address already in use',
    'LOG:  could not bind IPv4 address "127.0.0.1": Address already in use',
  ])('recognises %s', (line) => {
    expect(looksLikePortConflict(['starting', line])).toBe(true);
  });

  it('ignores other failures', () => {
    expect(looksLikePortConflict(['Error: Cannot find module ./server.js', 'ECONNREFUSED 127.0.0.1:5432'])).toBe(false);
  });
});

describe('withAutoPort', () => {
  it('retries with a fresh port while the port was taken', async () => {
    const given = [5001, 5002, 5003];
    const seen: number[] = [];
    const retried: number[] = [];
    const result = await withAutoPort(
      async (port) => {
        seen.push(port);
        if (port !== 5002) throw new Error('EADDRINUSE');
        return `up on ${port}`;
      },
      { allocate: async () => given.shift()!, isPortConflict: (e) => String(e).includes('EADDRINUSE'), onRetry: (p) => retried.push(p) },
    );
    expect(result).toBe('up on 5002');
    expect(seen).toEqual([5001, 5002]);
    expect(retried).toEqual([5001]);
  });

  it('throws other failures at once, and gives up after `tries`', async () => {
    let calls = 0;
    const allocate = async (): Promise<number> => 6000 + calls;
    await expect(
      withAutoPort(async () => { calls += 1; throw new Error('crash'); }, { allocate, isPortConflict: () => false }),
    ).rejects.toThrow('crash');
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withAutoPort(async () => { calls += 1; throw new Error('EADDRINUSE'); }, { allocate, isPortConflict: () => true, tries: 2 }),
    ).rejects.toThrow('EADDRINUSE');
    expect(calls).toBe(2);
  });
});

describe('logPattern', () => {
  it('matches a string literally and keeps a RegExp', () => {
    expect(logPattern('ready (v1.2)').test('server ready (v1.2) now')).toBe(true);
    expect(logPattern('a.c').test('abc')).toBe(false);
    const regexp = /ready/i;
    expect(logPattern(regexp)).toBe(regexp);
  });
});

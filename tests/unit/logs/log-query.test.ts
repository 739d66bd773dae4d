import { describe, expect, it } from 'vitest';
import { effectiveTail, grepNeedle, parseGrep, parseLevelFlag, parseSince, parseStreamFlag, parseTail } from '../../../src/logs/index.js';

const now = new Date('2026-01-01T12:00:00.000Z');

describe('flag parsing', () => {
  it('parses --since as a duration ago or an ISO time', () => {
    expect(parseSince('10m', now).toISOString()).toBe('2026-01-01T11:50:00.000Z');
    expect(parseSince('1h30m', now).toISOString()).toBe('2026-01-01T10:30:00.000Z');
    expect(parseSince('2d', now).toISOString()).toBe('2025-12-30T12:00:00.000Z');
    expect(parseSince('2026-01-01T11:00:00Z', now).toISOString()).toBe('2026-01-01T11:00:00.000Z');
    expect(parseSince('2026-01-01', now).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('rejects bad values with a usage error naming the flag', () => {
    for (const [parse, value, flag] of [
      [(v: string) => parseSince(v, now), '10 minutes', '--since'],
      [(v: string) => parseSince(v, now), 'yesterday', '--since'],
      [parseTail, '-1', '--tail'],
      [parseTail, 'some', '--tail'],
      [parseGrep, '(', '--grep'],
      [parseLevelFlag, 'loud', '--level'],
      [parseStreamFlag, 'stdin', '--stream'],
    ] as const) {
      expect(() => parse(value)).toThrow(expect.objectContaining({ code: 'USAGE', exitCode: 2, message: expect.stringContaining(flag) }));
    }
  });

  it('parses --tail, --level and --stream', () => {
    expect(parseTail('all')).toBe('all');
    expect(parseTail('0')).toBe(0);
    expect(parseLevelFlag('WARNING')).toBe('warn');
    expect(parseStreamFlag('netra')).toBe('netra');
  });

  it('defaults the tail to 100, or all when --since bounds it', () => {
    expect(effectiveTail({ logDir: '.' })).toBe(100);
    expect(effectiveTail({ logDir: '.', since: now })).toBe('all');
    expect(effectiveTail({ logDir: '.', since: now, tail: 5 })).toBe(5);
  });
});

describe('grepNeedle', () => {
  it('gives a needle only for plain literals that appear unescaped in the file', () => {
    expect(grepNeedle(parseGrep('upstream timeout'))).toBe('upstream timeout');
    expect(grepNeedle(parseGrep('GET /api/items'))).toBe('GET /api/items');
    expect(grepNeedle(parseGrep('a.b'))).toBeUndefined();
    expect(grepNeedle(parseGrep('say "hi"'))).toBeUndefined();
    expect(grepNeedle(parseGrep('tab\\t'))).toBeUndefined();
    expect(grepNeedle(/abc/i)).toBeUndefined();
    expect(grepNeedle(undefined)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { ENTRY_FORMAT, type CacheEntry } from '../../../src/cache/entry-store.js';
import { compare, keyParts } from '../../../src/cache/key.js';
import { RACY_MS, trustedHash, type StatRecord } from '../../../src/cache/stat-cache.js';

const fingerprint = (files: Record<string, string>) => ({
  files: new Map(Object.entries(files)),
  digest: JSON.stringify(files),
  unmatched: [],
  read: 0,
});
const step = { name: 'deps', command: 'npm ci', inputs: ['package-lock.json'], env: ['NODE_ENV', 'CI'] };

function entryFor(env: Record<string, string | undefined>, files: Record<string, string>): CacheEntry {
  const parts = keyParts('/p', step, env, fingerprint(files));
  return {
    format: ENTRY_FORMAT, step: 'deps', key: parts.key, commandHash: parts.commandHash, command: step.command,
    env: parts.env, patterns: parts.patterns, inputsDigest: parts.fingerprint.digest,
    inputs: Object.fromEntries(parts.fingerprint.files), lastSuccessAt: '2025-01-01T00:00:00.000Z',
  };
}

describe('keyParts and compare', () => {
  const entry = entryFor({ NODE_ENV: 'dev' }, { 'package-lock.json': 'aaa' });

  it('matches when nothing changed; never stores env values', () => {
    expect(compare(entry, keyParts('/p', step, { NODE_ENV: 'dev', OTHER: 'x' }, fingerprint({ 'package-lock.json': 'aaa' })))).toBeUndefined();
    expect(JSON.stringify(entry)).not.toContain('"dev"');
  });

  it('tells unset from empty, and names the variable', () => {
    expect(compare(entry, keyParts('/p', step, { NODE_ENV: 'dev', CI: '' }, fingerprint({ 'package-lock.json': 'aaa' })))).toEqual({
      reason: 'env-changed',
      changed: ['CI'],
    });
  });

  it('reports the command and the cwd as command changes', () => {
    const files = fingerprint({ 'package-lock.json': 'aaa' });
    expect(compare(entry, keyParts('/p', { ...step, command: ['npm', 'ci'] }, { NODE_ENV: 'dev' }, files))?.reason).toBe('command-changed');
    expect(compare(entry, keyParts('/p', { ...step, cwd: '/p/sub' }, { NODE_ENV: 'dev' }, files))?.reason).toBe('command-changed');
  });

  it('lists changed, added and removed inputs', () => {
    const before = entryFor({}, { a: '1', b: '2' });
    expect(compare(before, keyParts('/p', step, {}, fingerprint({ a: '1', b: '3', c: '4' })))).toEqual({
      reason: 'input-changed',
      changed: ['b', '+c'],
    });
    expect(compare(before, keyParts('/p', step, {}, fingerprint({ b: '2' })))?.changed).toEqual(['-a']);
  });
});

describe('the stat trust rule', () => {
  const stat = { size: 10, mtimeMs: 1_000_000, ctimeMs: 1_000_000, ino: 7 };
  const record = (hashedAt: number, over: Partial<typeof stat> = {}): StatRecord => {
    const s = { ...stat, ...over };
    return [s.size, s.mtimeMs, s.ctimeMs, s.ino, hashedAt, 'hash'];
  };

  it('trusts matching stats hashed well after the last change', () => {
    expect(trustedHash(record(stat.ctimeMs + RACY_MS), stat)).toBe('hash');
  });
  it('distrusts a racy record (hashed within the window of the change)', () => {
    expect(trustedHash(record(stat.ctimeMs + RACY_MS - 1), stat)).toBeUndefined();
  });
  it('distrusts any differing size, mtime, ctime or inode', () => {
    for (const over of [{ size: 11 }, { mtimeMs: 1 }, { ctimeMs: 1 }, { ino: 8 }]) {
      expect(trustedHash(record(9e12, over), stat)).toBeUndefined();
    }
  });
});

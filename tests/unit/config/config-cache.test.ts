import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  configCacheDir,
  configCacheKey,
  isStaticConfigSource,
  readCachedConfig,
  writeCachedConfig,
} from '../../../src/config/config-cache.js';
import type { ConfigEnv } from '../../../src/config/types.js';

const header = "import { defineConfig } from 'netra';\n";
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'netra-config-cache-'));
  dirs.push(dir);
  return dir;
}

describe('isStaticConfigSource', () => {
  it('accepts a config that only imports netra and holds literals, consts and functions of its env', () => {
    expect(isStaticConfigSource(`${header}export default defineConfig({ services: { a: { command: ['node', 'a.js'], ready: { log: /^up$/i } } } });\n`)).toBe(true);
    expect(isStaticConfigSource(`${header}const port = 3000;\nexport default defineConfig(({ mode }) => ({ services: { a: { command: mode, port } } }));\n`)).toBe(true);
  });

  it.each([
    ['the environment', 'process.env.PORT'],
    ['the clock', 'Date.now()'],
    ['randomness', 'Math.random()'],
    ['the console (a side effect a hit would skip)', "console.log('hi')"],
    ['its own location', 'import.meta.url'],
    ['its own folder', '__dirname'],
    ['a dynamic import', "import('./x.js')"],
    ['require', "require('./x.js')"],
    ['the global object', 'globalThis.x'],
    ['the Function constructor by a property chain', "[].map.constructor('return 1')()"],
    ['the time zone', 'Intl.DateTimeFormat().resolvedOptions().timeZone'],
    ['the locale (number formatting)', '(1234.5).toLocaleString()'],
    ['the locale (collation)', "['b', 'a'].sort((x, y) => x.localeCompare(y)).join()"],
  ])('refuses a config that reads %s', (_what, expression) => {
    expect(isStaticConfigSource(`${header}const x = ${expression};\nexport default defineConfig({ services: { a: { command: [String(x)] } } });\n`)).toBe(false);
  });

  it.each([
    ["import { ports } from './ports.js';"],
    ["import type { UserConfig } from './types.js';"],
    ["import './side-effect.js';"],
    ["export * from './other.js';"],
    ["import fs from 'node:fs';"],
  ])('refuses a config with another import: %s', (line) => {
    expect(isStaticConfigSource(`${header}${line}\nexport default defineConfig({ services: {} });\n`)).toBe(false);
  });
});

describe('configCacheKey', () => {
  const base = { source: `${header}export default defineConfig({ services: {} });\n`, configPath: '/p/launcher.config.ts', env: { command: 'dev', mode: 'development' } as ConfigEnv, stamp: 's1' };

  it('is the same for the same text wherever the project lives', () => {
    expect(configCacheKey(base)).toBe(configCacheKey({ ...base, configPath: '/elsewhere/launcher.config.ts' }));
  });

  it('changes with the text, the env, the code stamp and the file type', () => {
    const key = configCacheKey(base);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(configCacheKey({ ...base, source: `${base.source} ` })).not.toBe(key);
    expect(configCacheKey({ ...base, env: { command: 'dev', mode: 'production' } as ConfigEnv })).not.toBe(key);
    expect(configCacheKey({ ...base, env: { command: 'verify-imports', mode: 'development' } as ConfigEnv })).not.toBe(key);
    expect(configCacheKey({ ...base, stamp: 's2' })).not.toBe(key);
    expect(configCacheKey({ ...base, configPath: '/p/launcher.config.mjs' })).not.toBe(key);
  });

  it('is undefined for a config that is not static', () => {
    expect(configCacheKey({ ...base, source: `${header}export default defineConfig({ services: { a: { command: process.argv } } });\n` })).toBeUndefined();
  });
});

describe('configCacheDir', () => {
  it("lives in the project's .netra folder unless NETRA_CONFIG_CACHE_DIR moves it, and can be turned off", () => {
    expect(configCacheDir('/p', {})).toBe(join('/p', '.netra', 'config-cache'));
    expect(configCacheDir('/p', { NETRA_CONFIG_CACHE_DIR: '/c' })).toBe('/c');
    expect(configCacheDir('/p', { NETRA_CONFIG_CACHE: '0', NETRA_CONFIG_CACHE_DIR: '/c' })).toBeUndefined();
    expect(configCacheDir('/p', { NETRA_CONFIG_CACHE: 'off' })).toBeUndefined();
  });
});

describe('readCachedConfig / writeCachedConfig', () => {
  it('gives back an equal object: regular expressions, -0, NaN and Infinity included', async () => {
    const dir = await tempDir();
    const user = { services: { a: { command: ['x'], ready: { log: /^up (\d+)$/gi, timeout: Infinity }, n: -0, m: Number.NaN } } };
    expect(writeCachedConfig(dir, 'k1', user)).toBe(true);
    const back = readCachedConfig(dir, 'k1') as typeof user;
    expect(back).toEqual(user);
    expect(back.services.a.ready.log).toBeInstanceOf(RegExp);
    expect(back.services.a.ready.log.flags).toBe('gi');
    expect(Object.is(back.services.a.n, -0)).toBe(true);
  });

  it.each([
    ['a function', { services: { a: { command: () => 'x' } } }],
    ['an undefined value', { services: { a: { command: ['x'], cwd: undefined } } }],
    ['a class instance', { services: { a: { command: ['x'], started: new Date(0) } } }],
    ['a sparse array', { services: { a: { command: [, 'x'] } } }],
    ['a key that looks like a tag', { services: { a: { command: ['x'], $netra: 'regexp' } } }],
  ])('stores nothing for a value JSON cannot carry exactly: %s', async (_what, user) => {
    const dir = await tempDir();
    expect(writeCachedConfig(dir, 'k', user)).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });

  it('stores nothing for a cycle', async () => {
    const dir = await tempDir();
    const user: Record<string, unknown> = { services: {} };
    user['self'] = user;
    expect(writeCachedConfig(dir, 'k', user)).toBe(false);
  });

  it('a missing or corrupt entry is a miss', async () => {
    const dir = await tempDir();
    expect(readCachedConfig(dir, 'none')).toBeUndefined();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'bad.json'), '{"format":1,"user":{"services":');
    expect(readCachedConfig(dir, 'bad')).toBeUndefined();
    await writeFile(join(dir, 'old.json'), '{"format":0,"user":{"services":{}}}');
    expect(readCachedConfig(dir, 'old')).toBeUndefined();
  });
});

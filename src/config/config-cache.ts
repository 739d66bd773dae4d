/**
 * The config cache: a warm `dev up` skips jiti (the TS transform and the
 * config's evaluation) and zod (its validation), ~150 ms of CPU before the
 * first spawn. What is stored is the evaluated user object of a config that
 * validated, keyed by its source text, the config env, netra's own code and
 * node's version; the resolution (paths, defaults) is redone on every run.
 *
 * Only configs whose value is a pure function of their own text are cached:
 * no import but `netra`, and no word that reaches the outside world
 * (process, Date, Math, console, require, import.meta, __dirname, …). A
 * config that reads the environment, a file, the clock or another module is
 * loaded the slow way every time, exactly as before. A failure is never
 * cached (only a validated object is written), so an invalid config always
 * fails with the same messages.
 *
 * The store is the project's own `.netra/config-cache/` (CLI.md: everything
 * netra writes for a project lives in `.netra/`), one small JSON file per
 * key; any read or write problem just means a miss.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigEnv } from './types.js';

/** Bumped when the stored format or the meaning of an entry changes. */
const FORMAT = 1;
/** Entries kept after a prune; a prune runs when a write finds more than twice as many. */
const KEEP_ENTRIES = 128;

/** Words that make a config's value depend on more than its own text (the locale and time zone come from the environment too). */
const IMPURE =
  /\b(?:process|globalThis|global|window|self|require|module|exports|__dirname|__filename|Date|Math|eval|Function|constructor|console|setTimeout|setInterval|setImmediate|queueMicrotask|fetch|Buffer|performance|crypto|Error|Reflect|Proxy|WebAssembly|Atomics|SharedArrayBuffer|Worker|navigator|location|document|arguments|Intl|localeCompare|toLocale\w*|WeakRef|FinalizationRegistry)\b|\bimport\s*(?:\(|\.)/;
const SPECIFIER = /\bfrom\s*(['"])([^'"]*)\1|\bimport\s*(['"])([^'"]*)\3/g;

/** True when the config's value can only depend on its own text. */
export function isStaticConfigSource(source: string): boolean {
  if (IMPURE.test(source)) return false;
  for (const match of source.matchAll(SPECIFIER)) {
    if ((match[2] ?? match[4]) !== 'netra') return false;
  }
  return true;
}

/**
 * Where entries live: `NETRA_CONFIG_CACHE_DIR`, else `.netra/config-cache`
 * in the project root (the config file's folder); undefined (no cache) when
 * `NETRA_CONFIG_CACHE=0`/`off`/`false`.
 */
export function configCacheDir(
  projectRoot: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const off = env['NETRA_CONFIG_CACHE'];
  if (off === '0' || off === 'off' || off === 'false') return undefined;
  return env['NETRA_CONFIG_CACHE_DIR'] || join(projectRoot, '.netra', 'config-cache');
}

/**
 * The key of a config, or undefined when it must not be cached. The stamp
 * names netra's version, node's, and the validation code's files (size and
 * mtime), so a rebuilt netra never trusts an entry an older one wrote.
 */
export function configCacheKey(input: { source: string; configPath: string; env: ConfigEnv; stamp: string }): string | undefined {
  if (!isStaticConfigSource(input.source)) return undefined;
  const parts = [FORMAT, input.stamp, extname(input.configPath), input.env.command, input.env.mode, input.source];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** netra's version, node's, and the identity of the modules that decide what is valid. */
export function codeStamp(here: string = import.meta.url): string {
  const dir = fileURLToPath(new URL('.', here));
  const ext = extname(fileURLToPath(here));
  const files = ['schema', 'rules', 'validate', 'resolve', 'config-cache'].map((name) => {
    try {
      const stat = statSync(join(dir, `${name}${ext}`));
      return `${name}:${stat.size}:${stat.mtimeMs}`;
    } catch {
      return `${name}:?`;
    }
  });
  let version = '?';
  try {
    version = (JSON.parse(readFileSync(new URL('../../package.json', here), 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    // Not fatal: the files' stamps still change with the code.
  }
  return [version, process.version, ...files].join('|');
}

/** The cached user object for a key, or undefined (missing, unreadable or of another format). */
export function readCachedConfig(dir: string, key: string): unknown {
  let text: string;
  try {
    text = readFileSync(join(dir, `${key}.json`), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const entry = JSON.parse(text, revive) as { format?: unknown; user?: unknown };
    return entry.format === FORMAT && typeof entry.user === 'object' && entry.user !== null ? entry.user : undefined;
  } catch {
    return undefined;
  }
}

/** Stores a validated user object; never throws, and skips values JSON cannot carry exactly. */
export function writeCachedConfig(dir: string, key: string, user: unknown): boolean {
  const encoded = encode(user, new Set());
  if (encoded === UNCACHEABLE) return false;
  try {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${key}.json`);
    // No fsync: a torn entry fails to parse and is a miss.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, user: encoded }));
    renameSync(tmp, file);
    prune(dir);
    return true;
  } catch {
    return false;
  }
}

function prune(dir: string): void {
  const names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  if (names.length <= KEEP_ENTRIES * 2) return;
  const aged = names.map((name) => ({ name, mtime: statSync(join(dir, name)).mtimeMs })).sort((a, b) => b.mtime - a.mtime);
  for (const { name } of aged.slice(KEEP_ENTRIES)) rmSync(join(dir, name), { force: true });
}

const UNCACHEABLE = Symbol('uncacheable');
/** The one key of a tagged value; refused as a key of user objects so tags are unambiguous. */
const TAG = '$netra';

/** A JSON tree that revives to an equal value, or UNCACHEABLE (functions, class instances, cycles, …). */
function encode(value: unknown, path: Set<object>): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? value : { [TAG]: 'number', value: Object.is(value, -0) ? '-0' : String(value) };
  // undefined too: JSON would drop the key, and `key: undefined` is not always the same as no key.
  if (typeof value !== 'object') return UNCACHEABLE;
  if (path.has(value)) return UNCACHEABLE;
  const proto: unknown = Object.getPrototypeOf(value);
  if (Object.getOwnPropertySymbols(value).length > 0) return UNCACHEABLE;
  if (proto === RegExp.prototype) {
    const regexp = value as RegExp;
    return Object.keys(regexp).length === 0 ? { [TAG]: 'regexp', source: regexp.source, flags: regexp.flags } : UNCACHEABLE;
  }
  path.add(value);
  try {
    if (Array.isArray(value)) {
      if (proto !== Array.prototype || Object.getOwnPropertyNames(value).length !== value.length + 1) return UNCACHEABLE;
      const out: unknown[] = [];
      for (const item of value) {
        const encoded = encode(item, path);
        if (encoded === UNCACHEABLE) return UNCACHEABLE;
        out.push(encoded);
      }
      return out;
    }
    if (proto !== Object.prototype) return UNCACHEABLE;
    const keys = Object.keys(value);
    if (keys.length !== Object.getOwnPropertyNames(value).length || keys.includes(TAG)) return UNCACHEABLE;
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const encoded = encode((value as Record<string, unknown>)[key], path);
      if (encoded === UNCACHEABLE) return UNCACHEABLE;
      out[key] = encoded;
    }
    return out;
  } finally {
    path.delete(value);
  }
}

function revive(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !(TAG in value)) return value;
  const tagged = value as { [TAG]: string; value?: string; source?: string; flags?: string };
  switch (tagged[TAG]) {
    case 'number':
      return Number(tagged.value);
    case 'regexp':
      return new RegExp(tagged.source ?? '', tagged.flags ?? '');
    default:
      throw new Error(`unknown cached value tag ${tagged[TAG]}`);
  }
}

/**
 * Input globs, relative to the project root: `**`, `*`, `?`, `{a,b}`, `[ab]`,
 * `!pattern` to exclude, and a plain folder name meaning everything under it.
 * `*` also matches dotfiles (inputs are content, hidden or not). `.git` and
 * `.netra` are never walked; `node_modules` only when a pattern names it.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

const GLOB_CHARS = /[*?[\]{}]/;

export function globToRegExp(pattern: string): RegExp {
  let out = '';
  let i = 0;
  let braces = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const atStart = i === 0 || pattern[i - 1] === '/';
        const atEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
        if (atStart && atEnd) {
          if (i + 2 === pattern.length) out += '.*';
          else out += '(?:.*/)?';
          i += 3;
          continue;
        }
      }
      out += '[^/]*';
      while (pattern[i] === '*') i++;
      continue;
    }
    if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) out += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|\\/]/g, '\\$&');
    i++;
  }
  return new RegExp(`^${out}$`);
}

/** The folder a pattern can be walked from: its segments before the first glob segment. */
export function staticPrefix(pattern: string): string {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const part of parts) {
    if (GLOB_CHARS.test(part)) break;
    fixed.push(part);
  }
  return fixed.length === parts.length ? pattern : fixed.join('/');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function normalizePattern(pattern: string): string {
  return pattern.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

interface Compiled {
  include: { regex: RegExp; prefix: string; subtree: boolean; raw: string; namesNodeModules: boolean }[];
  exclude: RegExp[];
}

function compile(patterns: readonly string[]): Compiled {
  const compiled: Compiled = { include: [], exclude: [] };
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = normalizePattern(negated ? raw.slice(1) : raw);
    if (negated) {
      compiled.exclude.push(globToRegExp(pattern));
      // Excluding a folder excludes what is under it.
      compiled.exclude.push(globToRegExp(`${pattern}/**`));
      continue;
    }
    const literal = !GLOB_CHARS.test(pattern);
    const prefix = staticPrefix(pattern);
    compiled.include.push({
      regex: literal ? new RegExp(`^${escapeRegExp(pattern)}(?:/.*)?$`) : globToRegExp(pattern),
      prefix,
      // Everything under `prefix` matches: a plain folder, or `prefix/**`.
      subtree: prefix !== '' && (literal || pattern === `${prefix}/**`),
      raw,
      namesNodeModules: pattern.includes('node_modules'),
    });
  }
  return compiled;
}

export interface ExpandResult {
  /** Matching files, root-relative with `/`, sorted. */
  files: string[];
  /** Include patterns that matched no file (typos, usually). */
  unmatched: string[];
}

const ALWAYS_SKIPPED = new Set(['.git', '.netra']);

/**
 * Walks the root for the files matching the patterns. Symlinked folders are
 * not followed (no cycles). Synchronous: it runs in the fingerprint worker,
 * where sync fs calls are several times faster than promises and block nobody.
 */
export function expandInputsSync(root: string, patterns: readonly string[], maxEntries = Infinity): ExpandResult | undefined {
  const { include, exclude } = compile(patterns);
  const found = new Set<string>();
  const matchedBy = new Set<string>();
  const walked = new Set<string>();
  let entriesSeen = 0;

  const consider = (rel: string): void => {
    for (const r of exclude) if (r.test(rel)) return;
    for (const inc of include) {
      if (inc.regex.test(rel)) {
        found.add(rel);
        matchedBy.add(inc.raw);
      }
    }
  };

  /**
   * `direct`: the walk serves a whole-subtree include (`dir/**` or a plain
   * folder) and nothing is excluded, so every file under it matches without a
   * regex test (the common case, and 50,000 tests saved on a big tree).
   */
  const walk = (relDir: string, allowNodeModules: boolean, direct: string | undefined): void => {
    const walkKey = `${relDir}\0${allowNodeModules}\0${direct ?? ''}`;
    if (walked.has(walkKey)) return;
    walked.add(walkKey);
    let entries;
    try {
      entries = readdirSync(relDir ? `${root}/${relDir}` : root, { withFileTypes: true });
    } catch {
      return;
    }
    entriesSeen += entries.length;
    if (entriesSeen > maxEntries) throw OVER_BUDGET;
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      let isFile = entry.isFile();
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name)) continue;
        if (entry.name === 'node_modules' && !allowNodeModules) continue;
        walk(rel, allowNodeModules, direct);
        continue;
      }
      if (!isFile && entry.isSymbolicLink()) isFile = statOrUndefined(join(root, rel))?.isFile() ?? false;
      if (!isFile) continue;
      if (direct !== undefined) {
        found.add(rel);
        matchedBy.add(direct);
      } else consider(rel);
    }
  };

  try {
    walkAll();
  } catch (error) {
    if (error === OVER_BUDGET) return undefined;
    throw error;
  }
  const files = [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files, unmatched: include.filter((i) => !matchedBy.has(i.raw)).map((i) => i.raw) };

  function walkAll(): void {
    for (const inc of include) {
      const start = inc.prefix;
      const info = start ? statOrUndefined(join(root, start)) : undefined;
      if (start && info?.isFile()) consider(start);
      else if (!start || info?.isDirectory()) {
        const direct = inc.subtree && exclude.length === 0 ? inc.raw : undefined;
        walk(start, inc.namesNodeModules || start.split('/').includes('node_modules'), direct);
      }
    }
  }
}

/** Thrown through the recursive walk when `maxEntries` is exceeded. */
const OVER_BUDGET = Symbol('over budget');

export async function expandInputs(root: string, patterns: readonly string[]): Promise<ExpandResult> {
  return expandInputsSync(root, patterns)!;
}

function statOrUndefined(path: string): Stats | undefined {
  return statSync(path, { throwIfNoEntry: false });
}

/**
 * Path helpers over forward-slash absolute paths (Windows drive paths
 * included): the checker normalises every path once, so plain string
 * operations are safe and fast.
 */
import { posix } from 'node:path';

export function toSlash(path: string): string {
  return path.replace(/\\/g, '/');
}

export function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:\//.test(path);
}

/** `rel` against `dir`, normalised; `rel` may be absolute. */
export function resolveIn(dir: string, rel: string): string {
  if (isAbsolute(rel) || !isAbsolute(dir) || dir.includes('/.') || dir.includes('//')) {
    const normal = posix.normalize(isAbsolute(rel) ? rel : `${dir}/${rel}`);
    return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
  }
  // Hot path (every relative import): `dir` is already normal, so only `rel`'s segments need work.
  const floor = dir.startsWith('/') ? 0 : dir.indexOf('/');
  let out = dir.endsWith('/') ? dir.slice(0, -1) : dir;
  for (const part of rel.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      const slash = out.lastIndexOf('/');
      out = slash <= floor ? out.slice(0, floor) : out.slice(0, slash);
    } else {
      out = `${out}/${part}`;
    }
  }
  return out === '' ? '/' : floor > 0 && out.length === floor ? `${out}/` : out;
}

export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return path;
  if (slash === 0) return '/';
  return path.slice(0, slash);
}

export function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Relative path from `from` (a directory) to `to`, forward slashes. */
export function relativeFrom(from: string, to: string): string {
  return posix.relative(from, to);
}

/** Whether `path` is `dir` or inside it. */
export function isWithin(dir: string, path: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/** Ancestors of `dir` up to and including `stop` (or the filesystem root when `dir` is outside `stop`). */
export function ancestors(dir: string, stop: string): string[] {
  const out: string[] = [];
  let cur = dir;
  for (;;) {
    out.push(cur);
    if (cur === stop) return out;
    const parent = dirOf(cur);
    if (parent === cur) return out;
    cur = parent;
  }
}

/**
 * package.json `exports` and `imports` maps (Node's PACKAGE_EXPORTS_RESOLVE,
 * simplified): exact keys, `*` subpath patterns (longest prefix wins),
 * legacy `./dir/` folder keys, nested conditions and fallback arrays.
 * Every condition counts: a subpath exported under any condition is exported
 * (the importer's conditions are not knowable statically without false alarms),
 * and the targets come back in key order so the caller can pick one that exists.
 */
import { isRecord } from './jsonc.js';

export type MapResult =
  | { kind: 'targets'; targets: string[] }
  /** No key matches, or the matching key maps to null. */
  | { kind: 'not-exported'; keys: string[] };

/** `subpath` is `.` or `./x` for exports, `#x` for imports. */
export function resolvePackageMap(field: unknown, subpath: string, isImports: boolean): MapResult {
  const map = normalise(field, isImports);
  const keys = Object.keys(map);
  const exact = map[subpath];
  if (exact !== undefined && !subpath.includes('*')) return finish(targetsOf(exact, undefined), keys);
  let best: { key: string; star: string; folder: boolean } | undefined;
  for (const key of keys) {
    const star = key.indexOf('*');
    if (star >= 0) {
      const prefix = key.slice(0, star);
      const suffix = key.slice(star + 1);
      if (subpath.length < key.length - 1 || !subpath.startsWith(prefix) || !subpath.endsWith(suffix)) continue;
      if (best === undefined || prefix.length > best.key.indexOf('*')) {
        best = { key, star: subpath.slice(prefix.length, subpath.length - suffix.length), folder: false };
      }
    } else if (key.endsWith('/') && subpath.startsWith(key) && (best === undefined || key.length > best.key.length)) {
      best = { key, star: subpath.slice(key.length), folder: true };
    }
  }
  if (best === undefined) return { kind: 'not-exported', keys };
  const targets = targetsOf(map[best.key], best.folder ? undefined : best.star);
  return finish(best.folder ? targets.map((t) => t + best.star) : targets, keys);
}

function finish(targets: string[], keys: string[]): MapResult {
  return targets.length > 0 ? { kind: 'targets', targets } : { kind: 'not-exported', keys };
}

function normalise(field: unknown, isImports: boolean): Record<string, unknown> {
  if (isImports) return isRecord(field) ? field : {};
  if (typeof field === 'string' || Array.isArray(field)) return { '.': field };
  if (!isRecord(field)) return {};
  const subpathKeys = Object.keys(field).some((k) => k.startsWith('.'));
  return subpathKeys ? field : { '.': field };
}

function targetsOf(value: unknown, star: string | undefined): string[] {
  if (typeof value === 'string') return [star === undefined ? value : value.split('*').join(star)];
  if (Array.isArray(value)) return value.flatMap((v) => targetsOf(v, star));
  if (isRecord(value)) return Object.values(value).flatMap((v) => targetsOf(v, star));
  return [];
}

/**
 * Environment variables on Windows are case-insensitive: `Path`, `PATH` and
 * `path` are one variable. A plain object spread keeps them apart, and the
 * child then gets whichever Node keeps: on Windows, Node sorts the keys and
 * keeps the first of each case-insensitive group (child_process
 * normalizeSpawnArguments), so `{ PATH: inherited, Path: fromConfig }` would
 * silently run with the inherited value. Merging here keeps one key per
 * variable (as wireit's src/util/windows.ts does).
 */
import type { Platform } from '../shared/platform.js';

type EnvInput = Readonly<Record<string, string | undefined>>;

/**
 * `base` overlaid with `overrides`. On Windows a key of `overrides` replaces
 * the base variable of any casing, and the base spelling is kept (as cmd's
 * `set PATH=…` keeps showing `Path=`); among keys of one object that differ
 * only in case, the last wins. Undefined values are skipped (absent), as in
 * `process.env`.
 */
export function mergeEnvironment(base: EnvInput, overrides: EnvInput, platform: Platform): Record<string, string> {
  if (platform === 'posix') return { ...definedOnly(base), ...definedOnly(overrides) };
  const byName = new Map<string, { key: string; value: string }>();
  for (const source of [base, overrides]) {
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined) continue;
      const name = key.toUpperCase();
      const existing = byName.get(name);
      byName.set(name, { key: existing?.key ?? key, value });
    }
  }
  const merged: Record<string, string> = {};
  for (const { key, value } of byName.values()) merged[key] = value;
  return merged;
}

/** One environment with a single key per case-insensitive name (later keys win). */
export function normalizeWindowsEnvironment(env: EnvInput): Record<string, string> {
  return mergeEnvironment({}, env, 'windows');
}

/** The value of a variable looked up case-insensitively; the last matching key wins, as in the merge. */
export function readWindowsEnv(env: EnvInput, name: string): string | undefined {
  const wanted = name.toUpperCase();
  let found: string | undefined;
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && key.toUpperCase() === wanted) found = value;
  }
  return found;
}

function definedOnly(env: EnvInput): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}

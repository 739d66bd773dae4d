/**
 * Validation of an evaluated config object: the zod shape, then the
 * cross-field rules, every issue reported at once. Its own module so that
 * zod (~95 modules) is loaded only when a config is actually validated: a
 * config already validated under this very netra comes from the config cache.
 */
import { dirname } from 'node:path';
import type { z } from 'zod';
import { NetraError } from '../shared/errors.js';
import { configSchema, describeIssue } from './schema.js';
import { runRules } from './rules.js';
import { resolveConfig } from './resolve.js';
import type { ResolvedConfig } from './resolved.js';
import type { UserConfig } from './types.js';

/** Validates a config object; throws CONFIG_INVALID listing every issue. */
export function validateConfig(user: unknown, configPath: string): ResolvedConfig {
  if (typeof user !== 'object' || user === null) {
    throw new NetraError('CONFIG_INVALID', `${configPath}: the default export must be defineConfig({ services: {…} })`, {
      hint: "export default defineConfig({ services: { … } }) with `import { defineConfig } from 'netra'`",
    });
  }
  const parsed = configSchema.safeParse(user, { reportInput: true });
  const errors = parsed.success
    ? []
    : parsed.error.issues.flatMap(unwrapUnion).flatMap((issue) => {
        // An unknown field is reported at its own path, so it never hides the rest of its object.
        const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
        return paths.map((path) => `${formatPath(path)}: ${describeIssue(issue)}`);
      });
  const semantic = semanticIssues(user, errors);
  errors.push(...semantic.errors);
  if (errors.length > 0) {
    throw new NetraError(
      'CONFIG_INVALID',
      `${configPath}: invalid config (${errors.length} problem${errors.length > 1 ? 's' : ''})`,
      { details: errors },
    );
  }
  return resolveConfig(user as UserConfig, configPath, dirname(configPath), semantic.warnings);
}

/**
 * A union (`restart: 'always' | {policy, …}`) fails with one summary issue;
 * when exactly one of its branches accepted the value's type (an object for
 * the object branch), that branch's own issues say more
 * (`services.api.restart.policy: expected one of …`), at their full path.
 */
function unwrapUnion(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union') return [issue];
  const rejectsType = (i: z.core.$ZodIssue): boolean => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value');
  const fitting = issue.errors.filter((branch) => !branch.some(rejectsType));
  if (fitting.length !== 1) return [issue];
  return fitting[0]!.flatMap((inner) => unwrapUnion({ ...inner, path: [...issue.path, ...inner.path] }));
}

/**
 * Cross-field rules run even when the shape has errors, so every problem is
 * reported at once; a rule error on a path that already has a shape error is
 * a consequence of it and is dropped, and a rule that cannot cope with a
 * malformed value is skipped.
 */
function semanticIssues(user: object, shapeErrors: readonly string[]): { errors: string[]; warnings: string[] } {
  const services = (user as { services?: unknown }).services;
  if (typeof services !== 'object' || services === null) return { errors: [], warnings: [] };
  let issues: { errors: string[]; warnings: string[] };
  try {
    issues = runRules(user as UserConfig);
  } catch {
    return { errors: [], warnings: [] };
  }
  if (shapeErrors.length === 0) return issues;
  const shapePaths = shapeErrors.map((error) => error.slice(0, error.indexOf(': ')));
  const covered = (error: string): boolean => {
    const path = error.slice(0, error.indexOf(': '));
    return shapePaths.some((shape) => path === shape || path.startsWith(`${shape}.`) || path.startsWith(`${shape}[`));
  };
  return { errors: issues.errors.filter((error) => !covered(error)), warnings: issues.warnings };
}

/** `['services', 'backend', 'dependsOn', 0]` → `services.backend.dependsOn[0]`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

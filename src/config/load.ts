/**
 * Finds and imports `launcher.config.{ts,mts,js,mjs}` on Node 20 without a
 * build step (jiti transpiles TS on the fly), then validates and resolves it.
 * The only module that imports user files (STYLE.md §2).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NetraError, errorMessage } from '../shared/errors.js';
import { CONFIG_FILE_NAMES, findConfigFile, projectRootOf } from '../shared/project-root.js';
import { configSchema, describeIssue } from './schema.js';
import { runRules } from './rules.js';
import { resolveConfig } from './resolve.js';
import type { ResolvedConfig } from './resolved.js';
import type { ConfigEnv, UserConfig } from './types.js';

export { CONFIG_FILE_NAMES, findConfigFile };

export interface LoadConfigOptions {
  /** Where the search starts; default process.cwd(). */
  cwd?: string;
  /** An explicit config file (`--config`), relative to cwd. */
  configPath?: string;
  env?: Partial<ConfigEnv>;
}

/** The project root: the config file's folder, else undefined. */
export function findProjectRoot(options: LoadConfigOptions = {}): string | undefined {
  return projectRootOf(resolve(options.cwd ?? process.cwd()), options.configPath);
}

export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const configPath = locate(cwd, options.configPath);
  const exported = await importConfig(configPath);
  const env: ConfigEnv = { command: options.env?.command ?? 'dev', mode: options.env?.mode ?? 'development' };
  let user: unknown;
  try {
    user = typeof exported === 'function' ? await (exported as (e: ConfigEnv) => unknown)(env) : exported;
  } catch (error) {
    throw new NetraError('CONFIG_LOAD_FAILED', `${configPath}: the config function threw: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  return validateConfig(user, configPath);
}

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
    : parsed.error.issues.flatMap((issue) => {
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

function locate(cwd: string, explicit: string | undefined): string {
  if (explicit) {
    const path = isAbsolute(explicit) ? explicit : resolve(cwd, explicit);
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new NetraError('CONFIG_NOT_FOUND', `config file not found: ${path}`);
    }
    return path;
  }
  const found = findConfigFile(cwd);
  if (!found) {
    throw new NetraError('CONFIG_NOT_FOUND', `no ${CONFIG_FILE_NAMES[0]} found in ${cwd} or any parent folder`, {
      hint: 'create launcher.config.ts (see the README) or pass --config <file>',
    });
  }
  return found;
}

async function importConfig(configPath: string): Promise<unknown> {
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url, {
    // The config imports `netra`; point it at this very package wherever the project lives.
    alias: { netra: packageEntry() },
    moduleCache: false,
    // Transpiled configs are cached (keyed by content) so later runs skip the TS transform.
    fsCache: true,
    interopDefault: false,
  });
  let mod: unknown;
  try {
    mod = await jiti.import(configPath);
  } catch (error) {
    throw new NetraError('CONFIG_LOAD_FAILED', `${configPath}: could not load the config: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  const exported = (mod as { default?: unknown } | undefined)?.default;
  if (exported === undefined) {
    throw new NetraError('CONFIG_INVALID', `${configPath}: no default export`, {
      hint: 'export default defineConfig({ services: { … } })',
    });
  }
  return exported;
}

/** dist/index.js when built; src/index.ts when run from source (tests). */
function packageEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const js = join(here, '..', 'index.js');
  return existsSync(js) ? js : join(here, '..', 'index.ts');
}

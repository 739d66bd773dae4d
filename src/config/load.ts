/**
 * Finds and imports `launcher.config.{ts,mts,js,mjs}` on Node 20 without a
 * build step (jiti transpiles TS on the fly), then validates and resolves it.
 * The only module that imports user files (STYLE.md §2).
 *
 * A config whose value depends on its text alone comes from the config cache
 * once it has validated (config-cache.ts): jiti and zod are then not even
 * loaded. Anything else takes the full path every time.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NetraError, errorMessage } from '../shared/errors.js';
import { CONFIG_FILE_NAMES, findConfigFile, projectRootOf } from '../shared/project-root.js';
import { codeStamp, configCacheDir, configCacheKey, isStaticConfigSource, readCachedConfig, writeCachedConfig } from './config-cache.js';
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
  /** The config cache's folder, or false for none; default the project's .netra/config-cache (NETRA_CONFIG_CACHE=0 turns it off). */
  cacheDir?: string | false;
}

/** The project root: the config file's folder, else undefined. */
export function findProjectRoot(options: LoadConfigOptions = {}): string | undefined {
  return projectRootOf(resolve(options.cwd ?? process.cwd()), options.configPath);
}

export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const configPath = locate(cwd, options.configPath);
  const env: ConfigEnv = { command: options.env?.command ?? 'dev', mode: options.env?.mode ?? 'development' };
  const cacheDir = options.cacheDir === undefined ? configCacheDir(dirname(configPath)) : options.cacheDir || undefined;
  const key = cacheDir === undefined ? undefined : cacheKeyOf(configPath, env);
  if (cacheDir !== undefined && key !== undefined) {
    const cached = fromCache(cacheDir, key, configPath);
    if (cached) return cached;
  }
  const exported = await importConfig(configPath);
  let user: unknown;
  try {
    user = typeof exported === 'function' ? await (exported as (e: ConfigEnv) => unknown)(env) : exported;
  } catch (error) {
    throw new NetraError('CONFIG_LOAD_FAILED', `${configPath}: the config function threw: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  const { validateConfig } = await import('./validate.js');
  const config = validateConfig(user, configPath);
  // Only a config that validated is ever stored: a failure always takes the full path again.
  if (cacheDir !== undefined && key !== undefined) writeCachedConfig(cacheDir, key, user);
  return config;
}

function cacheKeyOf(configPath: string, env: ConfigEnv): string | undefined {
  let source: string;
  try {
    source = readFileSync(configPath, 'utf8');
  } catch {
    return undefined; // jiti reports the problem
  }
  // The stamp stats netra's files: not worth it for a config that can never be cached (most read process.env).
  return isStaticConfigSource(source) ? configCacheKey({ source, configPath, env, stamp: codeStamp() }) : undefined;
}

/**
 * A cached object was valid under this very code, so zod would accept it
 * again; the cross-field rules are pure and cheap, so they run again for
 * their warnings (and, defensively, a cached object they reject is a miss).
 */
function fromCache(cacheDir: string, key: string, configPath: string): ResolvedConfig | undefined {
  const user = readCachedConfig(cacheDir, key);
  if (user === undefined) return undefined;
  let issues: { errors: string[]; warnings: string[] };
  try {
    issues = runRules(user as UserConfig);
  } catch {
    return undefined;
  }
  if (issues.errors.length > 0) return undefined;
  return resolveConfig(user as UserConfig, configPath, dirname(configPath), issues.warnings);
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

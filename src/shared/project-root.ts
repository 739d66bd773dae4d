/**
 * The project root: the folder of `launcher.config.{ts,mts,js,mjs}` found by
 * walking up from the working directory, or of `--config`. Shared because
 * every command that reads `.netra/` needs it, and loading the config itself
 * (src/config) is not always wanted (`netra events tail` must not run it).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const CONFIG_FILE_NAMES = [
  'launcher.config.ts',
  'launcher.config.mts',
  'launcher.config.js',
  'launcher.config.mjs',
] as const;

/** The config file found walking up from `cwd`, or undefined. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The folder of `configPath` (relative to cwd) when given, else of the config found walking up; undefined when none. */
export function projectRootOf(cwd: string, configPath?: string): string | undefined {
  if (configPath !== undefined) return dirname(resolve(cwd, configPath));
  const file = findConfigFile(cwd);
  return file && dirname(file);
}

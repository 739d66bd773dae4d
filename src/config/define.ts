import type { ConfigEnv, UserConfig } from './types.js';

/**
 * Identity function that types `launcher.config.ts` (as vite's defineConfig).
 * Accepts the config object or a function of `{ command, mode }`.
 */
export function defineConfig(config: UserConfig): UserConfig;
export function defineConfig(
  config: (env: ConfigEnv) => UserConfig | Promise<UserConfig>,
): (env: ConfigEnv) => UserConfig | Promise<UserConfig>;
export function defineConfig<T>(config: T): T {
  return config;
}

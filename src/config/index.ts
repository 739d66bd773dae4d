export { defineConfig } from './define.js';
export { loadConfig, validateConfig, findConfigFile, findProjectRoot, CONFIG_FILE_NAMES } from './load.js';
export type { LoadConfigOptions } from './load.js';
export { DEFAULTS } from './resolve.js';
export type * from './types.js';
export type * from './resolved.js';

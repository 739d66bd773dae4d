export { defineConfig } from './define.js';
export { loadConfig, findConfigFile, findProjectRoot, CONFIG_FILE_NAMES } from './load.js';
// validateConfig lives in ./validate.js and is not re-exported here: it loads zod, which a cached config never needs.
export type { LoadConfigOptions } from './load.js';
export { DEFAULTS } from './resolve.js';
export type * from './types.js';
export type * from './resolved.js';

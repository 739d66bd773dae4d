/**
 * The public API of netra. Kept light: a config file imports this module,
 * so nothing here may start work or load heavy modules at import time.
 */
export { defineConfig } from './config/define.js';
export type * from './config/types.js';
export type { ResolvedConfig, ResolvedService } from './config/resolved.js';
export { NetraError, isNetraError, ExitCode } from './shared/errors.js';
export type { NetraErrorCode } from './shared/errors.js';

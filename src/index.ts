/**
 * The public API of netra. Kept light: a config file imports this module,
 * so nothing here may start work or load heavy modules at import time.
 */
export { defineConfig } from './config/define.js';
export type * from './config/types.js';
export type { ResolvedConfig, ResolvedService } from './config/resolved.js';
export { NetraError, isNetraError, ExitCode } from './shared/errors.js';
export type { NetraErrorCode } from './shared/errors.js';

// The library entry points load their modules on first use: a config file
// imports this module, and must not pay for the supervisor or the checkers.
import type { VerifyOptions, VerifyReport } from './imports/index.js';
import type { DevUpOptions, DevUpSession } from './supervisor/index.js';
export type { VerifyOptions, VerifyReport, Finding, FindingKind } from './imports/index.js';
export type { DevUpOptions, DevUpSession, StackOutcome } from './supervisor/index.js';
export { defineConfig as default } from './config/define.js';

/** `netra verify-imports` as a function: every broken import under `options.root`. */
export async function verifyImports(options: VerifyOptions): Promise<VerifyReport> {
  return (await import('./imports/index.js')).verifyImports(options);
}

/** `netra dev up` as a function: starts the stack of a loaded config; `session.finished` tells how it ended. */
export async function runDevUp(options: DevUpOptions): Promise<DevUpSession> {
  return (await import('./supervisor/index.js')).startDevUp(options);
}

export { loadConfig } from './config/load.js';

/** Setup-step cache: fingerprints of inputs, the store under .netra/cache, skip/run decisions. */
export { createCacheManager, type CacheManagerOptions } from './manager.js';
export { stepId } from './types.js';
export type { CacheManager, SetupStep, StepDecision, StepStatus, RunReason, PlanOptions } from './types.js';
export { expandInputs, globToRegExp } from './glob.js';
export { RACY_MS } from './stat-cache.js';

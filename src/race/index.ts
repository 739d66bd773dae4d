/** The race-condition module: readiness probes, the single-instance lock, ports, discovery, single-flight and watching. */
export * from './readiness.js';
export * from './locks.js';
export * from './ports.js';
export * from './port-allocator.js';
export { listListenSockets } from './port-holder.js';
// The discovery file format is shared (events tools read it too); race owns its use.
export * from '../shared/discovery.js';
export * from './single-flight.js';
export * from './debouncer.js';
export * from './watch.js';
export { globBase, globToRegExp, isGlob } from './glob.js';
export * from './port-conflict.js';

export * from './errors.js';
export * from './result.js';
export * from './clock.js';
export * from './fs.js';
export * from './platform.js';
export * from './unreachable.js';
export * from './suggest.js';
export * from './project-root.js';

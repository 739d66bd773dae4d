/** The public API of netra. */
export * from './shared/errors.js';

import { siblingScript } from '../shared/sibling-script.js';

/**
 * The full argv that runs the pglite server (dist/db/pglite-server.js, or its
 * .ts sibling through jiti when running from the sources) with this Node.
 * Resolved next to this module, so it also works from an installed package.
 */
export function pgliteServerCommand(): string[] {
  const { file, execArgv } = siblingScript(import.meta.url, 'pglite-server');
  return [process.execPath, ...execArgv, file];
}

import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the compiled pglite server script (dist/db/pglite-server.js).
 * Resolved next to this module, so it also works from an installed package.
 * When running from src/ through a TS loader, this points at the .ts sibling.
 */
export function pgliteServerEntry(): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`./pglite-server${ext}`, import.meta.url));
}

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

/**
 * The full argv that runs the pglite server with this Node: from dist/ plain
 * `node <entry>`; from the TypeScript sources (tests) through jiti, resolved
 * from netra's own node_modules so it works whatever the child's cwd.
 */
export function pgliteServerCommand(): string[] {
  const entry = pgliteServerEntry();
  if (!entry.endsWith('.ts')) return [process.execPath, entry];
  return [process.execPath, '--import', import.meta.resolve('jiti/register'), entry];
}

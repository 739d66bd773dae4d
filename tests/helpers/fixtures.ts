/** Paths of the tiny node services in tests/fixtures/services, as argv arrays for configs. */
import { fileURLToPath } from 'node:url';

export const servicesFixtureDir = fileURLToPath(new URL('../fixtures/services/', import.meta.url));

/** `['/path/to/node', '<fixtures>/<name>', ...args]`: an argv command (no shell) running a fixture. */
export function nodeFixture(name: string, ...args: (string | number)[]): string[] {
  return [process.execPath, `${servicesFixtureDir}${name}`, ...args.map(String)];
}

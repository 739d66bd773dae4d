/**
 * Build step (`npm run build`, after tsc, before the help snapshot): bundles
 * the commander program (dist/cli/program.js and everything it imports from
 * dist/, statically or lazily) into dist/cli/program.js plus shared chunks
 * `dist/cli/chunk-*.js`. Node's ES module loader pays per module (resolve,
 * read, compile, link): `dev up` loaded ~150 of ours before its first spawn,
 * and the bundle cuts that to a handful (measured: ~50 ms of CPU less before
 * the first spawn). Packages stay external: they are loaded as before.
 *
 * Why overwrite program.js rather than write a bundle elsewhere: tsc rewrites
 * program.js on every run, so a plain `tsc` (without this step) can never
 * leave a stale bundle in use. Modules that locate files next to themselves
 * (`new URL('./watchdog.js', import.meta.url)`, workers, package.json) or
 * import a computed specifier (the optional TS checker) keep their own
 * location: see keepModuleLocation(). A program entry point, so it may print.
 */
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { keepModuleLocation } from './bundle-plugin.js';

const cliDir = dirname(fileURLToPath(import.meta.url));
const entry = join(cliDir, 'program.js');
const staging = join(cliDir, '.bundle');
const CHUNK_PREFIX = 'chunk-';

rmSync(staging, { recursive: true, force: true });
const bundle = await rolldown({
  input: entry,
  platform: 'node',
  // Only our own modules (relative or absolute paths) are bundled; node: built-ins and packages stay imports.
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(id),
  plugins: [keepModuleLocation(cliDir)],
  logLevel: 'warn',
});
try {
  await bundle.write({
    dir: staging,
    format: 'esm',
    entryFileNames: 'program.js',
    chunkFileNames: `${CHUNK_PREFIX}[hash].js`,
    sourcemap: false,
  });
} finally {
  await bundle.close();
}

// Chunks of an earlier build go, then the new files replace program.js and join it.
for (const name of readdirSync(cliDir)) {
  if (name.startsWith(CHUNK_PREFIX) && name.endsWith('.js')) rmSync(join(cliDir, name));
}
const written = readdirSync(staging);
for (const name of written) renameSync(join(staging, name), join(cliDir, name));
rmSync(staging, { recursive: true, force: true });
process.stdout.write(`cli bundle: program.js and ${written.length - 1} chunks in ${relative(process.cwd(), cliDir) || '.'}\n`);

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
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown, type Plugin } from 'rolldown';

const cliDir = dirname(fileURLToPath(import.meta.url));
const entry = join(cliDir, 'program.js');
const staging = join(cliDir, '.bundle');
const CHUNK_PREFIX = 'chunk-';

/** A dynamic `import()` whose specifier is not a literal: the bundler leaves it, so it must resolve as in its own module. */
const COMPUTED_IMPORT = /(?<![.\w$])import\((?![\s'"`)])/g;

/**
 * Each bundled module keeps its own location: `import.meta.url` becomes the
 * URL of its original file in dist/ (relative to the bundle), and a computed
 * `import(specifier)` resolves a relative specifier against that URL.
 */
function keepModuleLocation(): Plugin {
  return {
    name: 'netra-keep-module-location',
    transform(code, id) {
      const computed = COMPUTED_IMPORT.test(code);
      COMPUTED_IMPORT.lastIndex = 0;
      if (!code.includes('import.meta.url') && !computed) return null;
      const path = relative(cliDir, id).split(sep).join('/');
      const own = `new URL(${JSON.stringify(path.startsWith('.') ? path : `./${path}`)}, import.meta.url).href`;
      let out = code.replaceAll('import.meta.url', own);
      if (computed) {
        out = out.replace(COMPUTED_IMPORT, '__netraImport(');
        out += `\nfunction __netraImport(specifier) {\n  return import(typeof specifier === 'string' && specifier.startsWith('.') ? new URL(specifier, ${own}).href : specifier);\n}\n`;
      }
      return { code: out };
    },
  };
}

rmSync(staging, { recursive: true, force: true });
const bundle = await rolldown({
  input: entry,
  platform: 'node',
  // Only our own modules (relative or absolute paths) are bundled; node: built-ins and packages stay imports.
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(id),
  plugins: [keepModuleLocation()],
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

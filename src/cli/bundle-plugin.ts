/**
 * The one rolldown plugin of the CLI bundle (bundle-cli.ts): bundled modules
 * keep behaving as if they were still at their own place in dist/.
 */
import { relative, sep } from 'node:path';
import type { Plugin } from 'rolldown';

/** A dynamic `import()` whose specifier is not a literal: the bundler leaves it, so it must resolve as in its own module. */
const COMPUTED_IMPORT = /(?<![.\w$])import\((?![\s'"`)])/g;

/**
 * Each bundled module keeps its own location: `import.meta.url` becomes the
 * URL of its original file `id` (relative to the bundle's folder), and a
 * computed `import(specifier)` resolves a relative specifier against that
 * URL. Undefined when the module needs no change.
 */
export function relocateModule(code: string, id: string, bundleDir: string): string | undefined {
  const computed = COMPUTED_IMPORT.test(code);
  COMPUTED_IMPORT.lastIndex = 0;
  if (!code.includes('import.meta.url') && !computed) return undefined;
  const path = relative(bundleDir, id).split(sep).join('/');
  const own = `new URL(${JSON.stringify(path.startsWith('.') ? path : `./${path}`)}, import.meta.url).href`;
  let out = code.replaceAll('import.meta.url', own);
  if (computed) {
    out = out.replace(COMPUTED_IMPORT, '__netraImport(');
    out += `\nfunction __netraImport(specifier) {\n  return import(typeof specifier === 'string' && specifier.startsWith('.') ? new URL(specifier, ${own}).href : specifier);\n}\n`;
  }
  return out;
}

export function keepModuleLocation(bundleDir: string): Plugin {
  return {
    name: 'netra-keep-module-location',
    transform(code, id) {
      const relocated = relocateModule(code, id, bundleDir);
      return relocated === undefined ? null : { code: relocated };
    },
  };
}

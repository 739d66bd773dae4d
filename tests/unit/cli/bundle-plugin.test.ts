/**
 * The CLI bundle moves modules into dist/cli/: a bundled module must still
 * see its own import.meta.url and resolve a computed import() from its own
 * folder (the watchdog, workers, package.json, the optional TS checker).
 * Checked by running relocated code from another folder.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { relocateModule } from '../../../src/cli/bundle-plugin.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('relocateModule', () => {
  it('leaves a module without import.meta.url or computed import() alone', () => {
    expect(relocateModule("import x from './x.js';\nconst y = await import('./y.js');\nexport { x, y };\n", '/d/src/a.js', '/d/cli')).toBeUndefined();
    // A method named import and a comment mentioning import() are not dynamic imports.
    expect(relocateModule('const m = await jiti.import(path);\n// import() is always ESM\n', '/d/src/a.js', '/d/cli')).toBeUndefined();
  });

  it('relocated code run from the bundle folder sees its original URL and imports relative to it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'netra-bundle-plugin-'));
    dirs.push(root);
    await mkdir(join(root, 'dist', 'process'), { recursive: true });
    await mkdir(join(root, 'dist', 'cli'), { recursive: true });
    await writeFile(join(root, 'dist', 'process', 'neighbour.js'), "export const name = 'neighbour';\n");
    const original = join(root, 'dist', 'process', 'client.js');
    const code = [
      'export const own = import.meta.url;',
      "export const sibling = new URL('./neighbour.js', import.meta.url).href;",
      'export async function load(specifier) { return import(specifier); }',
      "export async function loadBuiltin() { const name = 'node:path'; return import(name); }",
      '',
    ].join('\n');
    const relocated = relocateModule(code, original, join(root, 'dist', 'cli'));
    expect(relocated).toBeDefined();
    const bundled = join(root, 'dist', 'cli', 'chunk-test.js');
    await writeFile(bundled, relocated!);
    const mod = (await import(pathToFileURL(bundled).href)) as {
      own: string;
      sibling: string;
      load(specifier: string): Promise<{ name: string }>;
      loadBuiltin(): Promise<{ join: unknown }>;
    };
    expect(mod.own).toBe(pathToFileURL(original).href);
    expect(mod.sibling).toBe(pathToFileURL(join(root, 'dist', 'process', 'neighbour.js')).href);
    expect((await mod.load('./neighbour.js')).name).toBe('neighbour');
    expect(typeof (await mod.loadBuiltin()).join).toBe('function');
  });
});

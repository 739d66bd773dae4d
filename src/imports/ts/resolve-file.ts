/**
 * From an absolute path as written (after `./`, `paths` or `exports`
 * substitution) to the file TypeScript would load. The `.js` → `.ts`
 * mapping applies in every mode; extension-less paths and folder index files
 * only where the mode allows them (not in node16/nodenext ESM).
 */
import type { CachedFs } from './cached-fs.js';
import { isRecord } from './jsonc.js';
import { dirOf } from './paths.js';

export interface FileRules {
  /** Try appending extensions and folder index files (bundler, node10, CommonJS). */
  extensionless: boolean;
  /**
   * A JS importer loads `./x.js` itself at run time, so that file comes
   * before its `.d.ts`/`.ts` siblings (whose exports may differ, e.g. CommonJS).
   */
  jsFirst?: boolean;
}

export const STRICT: FileRules = { extensionless: false };
export const LENIENT: FileRules = { extensionless: true };

/** Written extension → files tried, in order (TypeScript first: it has the exports we read). */
const MAPPED: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.d.ts', '.js', '.jsx'],
  '.jsx': ['.tsx', '.d.ts', '.jsx'],
  '.mjs': ['.mts', '.d.mts', '.mjs'],
  '.cjs': ['.cts', '.d.cts', '.cjs'],
};
const APPENDED = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mts', '.cts', '.mjs', '.cjs', '.json'];
const INDEX = APPENDED.map((ext) => `/index${ext}`);

/** Code files whose exports the parser can read. */
export const CODE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

export function isCodeFile(path: string): boolean {
  return CODE_EXTENSIONS.some((ext) => path.endsWith(ext));
}

export function isDeclarationFile(path: string): boolean {
  return /\.d\.[mc]?ts$/.test(path) || /\.d\.[^/]+\.ts$/.test(path);
}

/** The extension as written: `.d.ts` counts as `.ts`; none when the last segment has no dot. */
export function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot);
}

export async function resolveFile(fs: CachedFs, path: string, rules: FileRules): Promise<string | undefined> {
  const ext = extensionOf(path);
  const mapped = MAPPED[ext];
  // Every candidate but the folder's index files lives in the same folder: one listing answers them.
  const dir = dirOf(path);
  const name = path.slice(dir.length + 1);
  const listing = await fs.validListing(dir);
  const fileHere = async (candidate: string): Promise<boolean> =>
    listing !== undefined && listing.has(candidate) && (listing.get(candidate) === false ||
      (listing.get(candidate) === undefined && (await fs.isFile(`${dir}/${candidate}`))));
  if (mapped) {
    if (rules.jsFirst && (await fileHere(name))) return path;
    const stem = name.slice(0, -ext.length);
    for (const candidate of mapped) if (await fileHere(stem + candidate)) return `${dir}/${stem}${candidate}`;
  } else if (ext !== '' && (await fileHere(name))) {
    return path;
  }
  if (!rules.extensionless) return undefined;
  for (const candidate of APPENDED) if (await fileHere(name + candidate)) return path + candidate;
  if (listing === undefined || !listing.has(name) || !(await fs.isDir(path))) return undefined;
  const pkg = await fs.readJson(`${path}/package.json`);
  if (isRecord(pkg)) {
    for (const field of ['types', 'typings', 'module', 'main']) {
      const entry = pkg[field];
      if (typeof entry !== 'string') continue;
      const found = await resolveFile(fs, `${path}/${entry.replace(/^\.\//, '')}`.replace(/\/$/, ''), rules);
      if (found) return found;
    }
  }
  for (const index of INDEX) if (await fs.isFile(path + index)) return path + index;
  return undefined;
}

/** The specifier spelling of a file under node16 rules: `.ts` → `.js`, `.mts` → `.mjs`, `.cts` → `.cjs`. */
export function runtimeSpelling(path: string): string {
  return path
    .replace(/\.d\.ts$/, '.js')
    .replace(/\.d\.mts$/, '.mjs')
    .replace(/\.d\.cts$/, '.cjs')
    .replace(/\.tsx?$/, '.js')
    .replace(/\.mts$/, '.mjs')
    .replace(/\.cts$/, '.cjs');
}

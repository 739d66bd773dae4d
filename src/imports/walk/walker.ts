/**
 * Finds the source files to check: everything under the given paths that git
 * would not ignore (.gitignore at every level, .git/info/exclude), minus
 * vendored and tool folders, split by language.
 */
import { listEntries } from '../list-entries.js';
import type { ImportsFs, Lang } from '../model.js';
import { type IgnoreRule, isIgnored, parseGitignore } from './gitignore.js';
import { globMatcher } from './glob.js';

/** Folders that are never project code, ignored or not. */
const ALWAYS_SKIPPED = new Set([
  '.git', '.hg', '.svn', '.netra', 'node_modules', '.venv', 'venv', '.tox', '.nox', '__pycache__',
  'site-packages', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.pnpm-store', '.yarn', '.next',
  '.nuxt', '.svelte-kit', '.turbo', '.cache', '.direnv', '.eggs', 'bower_components', 'jspm_packages',
]);

/** Vendored copies of other people's code: skipped from checking (still resolvable by the checkers). */
const VENDORED = new Set(['vendor', '_vendor', 'vendored', 'third_party', 'third-party', 'thirdparty']);

/** Whether a folder of this name is never walked (tool, cache, vendored or virtualenv folders). */
export function isSkippedDir(name: string): boolean {
  return ALWAYS_SKIPPED.has(name) || VENDORED.has(name);
}

const EXTENSIONS: ReadonlyMap<string, Lang> = new Map([
  ['.py', 'py'], ['.pyi', 'py'],
  ['.ts', 'ts'], ['.tsx', 'ts'], ['.mts', 'ts'], ['.cts', 'ts'],
  ['.js', 'ts'], ['.jsx', 'ts'], ['.mjs', 'ts'], ['.cjs', 'ts'],
]);

export function languageOf(path: string): Lang | undefined {
  const dot = path.lastIndexOf('.');
  if (dot <= path.lastIndexOf('/')) return undefined;
  if (path.endsWith('.d.ts') || path.endsWith('.d.mts') || path.endsWith('.d.cts')) return 'ts';
  return EXTENSIONS.get(path.slice(dot));
}

export interface WalkOptions {
  /** Absolute project root (where .gitignore context starts and paths are relative to). */
  root: string;
  /** Absolute files or folders to walk; default the root. */
  paths?: readonly string[];
  /** Extra globs (root-relative) to skip, from `verifyImports.ignore`. */
  ignore?: readonly string[];
  fs: ImportsFs;
}

export type FilesByLang = Record<Lang, string[]>;

export async function walkSourceFiles(options: WalkOptions): Promise<FilesByLang> {
  const { root, fs } = options;
  const result: FilesByLang = { py: [], ts: [] };
  const extraIgnores = (options.ignore ?? []).map(globMatcher);
  const seen = new Set<string>();
    const baseRules: IgnoreRule[] = [];
  const exclude = await fs.readFile(`${root}/.git/info/exclude`);
  if (exclude) baseRules.push(...parseGitignore(exclude, ''));

  const add = (abs: string): void => {
    const lang = languageOf(abs);
    if (lang && !seen.has(abs)) {
      seen.add(abs);
      result[lang].push(abs);
    }
  };

  const walkDir = async (dir: string, rules: IgnoreRule[]): Promise<void> => {
    const entries = await listEntries(fs, dir);
    if (!entries) return;
    const rel = relative(root, dir);
    let own = rules;
    if (entries.some((entry) => entry.name === '.gitignore' && !entry.dir)) {
      const text = await fs.readFile(`${dir}/.gitignore`);
      if (text) own = [...rules, ...parseGitignore(text, rel)];
    }
    // A folder holding pyvenv.cfg is a virtualenv whatever its name.
    if (rel !== '' && entries.some((entry) => entry.name === 'pyvenv.cfg')) return;
    const children: Promise<void>[] = [];
    for (const entry of entries) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.dir) {
        // Linked folders are not walked (git stores the link, not the tree; and links can loop).
        if (ALWAYS_SKIPPED.has(entry.name) || VENDORED.has(entry.name) || entry.symlink) continue;
        if (isIgnored(own, childRel, true) || extraIgnores.some((match) => match(childRel))) continue;
        children.push(walkDir(`${dir}/${entry.name}`, own));
      } else if (languageOf(entry.name) && !isIgnored(own, childRel, false)) {
        if (!extraIgnores.some((match) => match(childRel))) add(`${dir}/${entry.name}`);
      }
    }
    await Promise.all(children);
  };

  for (const path of options.paths?.length ? options.paths : [root]) {
    if (await fs.isDir(path)) {
      await walkDir(path, [...baseRules, ...(await ancestorRules(fs, root, path))]);
    } else {
      add(path); // An explicitly named file is checked even if ignored.
    }
  }
  result.py.sort();
  result.ts.sort();
  return result;
}

/** The .gitignore rules of the folders between the root and a walked sub-folder. */
async function ancestorRules(fs: ImportsFs, root: string, dir: string): Promise<IgnoreRule[]> {
  const rel = relative(root, dir);
  if (rel === '' || rel.startsWith('..')) return [];
  const rules: IgnoreRule[] = [];
  const parts = rel.split('/');
  for (let i = 0; i < parts.length; i++) {
    const base = parts.slice(0, i).join('/');
    const text = await fs.readFile(`${root}${base ? `/${base}` : ''}/.gitignore`);
    if (text) rules.push(...parseGitignore(text, base));
  }
  return rules;
}

/** Root-relative path with forward slashes ('' for the root itself). */
export function relative(root: string, abs: string): string {
  if (abs === root) return '';
  if (abs.startsWith(`${root}/`)) return abs.slice(root.length + 1);
  const rootParts = root.split('/');
  const absParts = abs.split('/');
  let common = 0;
  while (common < rootParts.length && rootParts[common] === absParts[common]) common++;
  return [...Array(rootParts.length - common).fill('..'), ...absParts.slice(common)].join('/');
}

/**
 * Where a missing module went, from git history: `git log -M` renames,
 * followed through chains. Read once per run, lazily, and only when a
 * relative import is broken.
 */
import { followRenames, gitTopLevel } from '../git-history.js';
import type { GitRunner } from '../model.js';
import { dirOf, relativeFrom } from './paths.js';
import { extensionOf, runtimeSpelling } from './resolve-file.js';

/** Commits read at most: enough for recent refactors, bounded for huge repositories. */
const MAX_COMMITS = 3000;
const CODE_GLOBS = ['*.ts', '*.tsx', '*.mts', '*.cts', '*.js', '*.jsx', '*.mjs', '*.cjs'];
const CANDIDATE_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mts', '.cts', '.mjs', '.cjs'];
const CODE_EXT = /\.(d\.)?[mc]?[tj]sx?$/;

export type RenameLookup = (path: string) => string | undefined;

export async function loadRenames(git: GitRunner | undefined, root: string): Promise<RenameLookup> {
  const none: RenameLookup = () => undefined;
  if (!git) return none;
  const top = await gitTopLevel(git, root);
  if (!top) return none;
  const log = await git(
    ['log', `--max-count=${MAX_COMMITS}`, '-M', '--diff-filter=R', '--name-status', '--format=', '--', ...CODE_GLOBS],
    root,
  );
  if (!log) return none;
  const renames = new Map<string, string>();
  for (const line of log.split('\n')) {
    const [status, from, to] = line.split('\t');
    // Newest first: the first rename seen for a path is its latest.
    if (status?.startsWith('R') && from && to && !renames.has(`${top}/${from}`)) renames.set(`${top}/${from}`, `${top}/${to}`);
  }
  return (path) => followRenames(renames, path);
}

/** Files a missing relative specifier may have meant, before it moved. */
export function formerFiles(target: string): string[] {
  const ext = extensionOf(target);
  if (ext !== '' && CODE_EXT.test(target)) {
    const stem = target.slice(0, -ext.length);
    return CANDIDATE_EXTENSIONS.map((e) => stem + e);
  }
  if (ext !== '') return [target];
  return [...CANDIDATE_EXTENSIONS.map((e) => target + e), ...CANDIDATE_EXTENSIONS.map((e) => `${target}/index${e}`)];
}

/** The specifier for `moved`, written from `fromDir` the way `written` was (extension or not). */
export function respell(fromDir: string, written: string, moved: string): string {
  let rel = relativeFrom(fromDir, moved);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  const ext = extensionOf(written);
  if (ext !== '' && CODE_EXT.test(written)) return /\.[mc]?tsx?$/.test(ext) ? rel : runtimeSpelling(rel);
  if (ext !== '') return rel;
  const bare = rel.replace(CODE_EXT, '');
  return bare.endsWith('/index') && !written.endsWith('/index') ? dirOf(bare) : bare;
}

/**
 * `--changed [ref]`: the files changed since a git ref (committed, staged,
 * unstaged and untracked), plus the files that may import them. Importers are
 * found by a cheap text scan for the changed module's name, an over-approximation
 * that never misses an importer and costs no parsing.
 */
import { gitTopLevel } from './git-history.js';
import type { GitRunner, ImportsFs } from './model.js';
import { NetraError } from '../shared/errors.js';

export async function changedFiles(git: GitRunner, root: string, ref: string): Promise<Set<string>> {
  const top = await gitTopLevel(git, root);
  if (!top) throw new NetraError('USAGE', `--changed needs a git work tree, and ${root} is not in one`);
  const diff = await git(['diff', '--name-only', '--no-renames', ref, '--'], root);
  if (diff === undefined) {
    throw new NetraError('USAGE', `--changed ${ref}: git does not know this ref`, { hint: 'try --changed HEAD or --changed origin/main' });
  }
  const untracked = (await git(['ls-files', '--others', '--exclude-standard'], root)) ?? '';
  const files = new Set<string>();
  for (const line of `${diff}\n${untracked}`.split('\n')) {
    if (line.trim()) files.add(`${top}/${line.trim()}`);
  }
  return files;
}

/** Module names a changed file can be imported by: its stem, or its folder for __init__/index files. */
function needles(path: string): string[] {
  const parts = path.split('/');
  const base = parts[parts.length - 1] ?? '';
  const stem = base.replace(/\.d\.[mc]?ts$/, '').replace(/\.[^.]+$/, '');
  if (stem === '__init__' || stem === 'index' || stem === '__main__') return [parts[parts.length - 2] ?? stem];
  return [stem];
}

/**
 * The changed files among `candidates`, plus every candidate whose text mentions a changed module.
 * The texts read go into `texts`, so the checkers do not read those files again (see readingOnce).
 */
export async function selectChanged(
  fs: ImportsFs,
  candidates: readonly string[],
  changed: ReadonlySet<string>,
  texts?: Map<string, string>,
): Promise<string[]> {
  const changedHere = candidates.filter((file) => changed.has(file));
  // Deleted files are changed too: their importers must be re-checked.
  const names = new Set([...changed].flatMap(needles).filter((name) => name.length > 0));
  if (names.size === 0) return changedHere;
  const pattern = new RegExp(`\\b(?:${[...names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`);
  const selected = new Set(changedHere);
  await Promise.all(
    candidates.map(async (file) => {
      if (selected.has(file)) return;
      const text = await fs.readFile(file);
      if (text === undefined) return;
      texts?.set(file, text);
      if (pattern.test(text)) selected.add(file);
    }),
  );
  return candidates.filter((file) => selected.has(file));
}

/**
 * `fs` serving each text already in `texts` once, then forgetting it: the checkers read a
 * file once (their own caches take over), so a text is kept only until its first reader.
 */
export function readingOnce(fs: ImportsFs, texts: Map<string, string>): ImportsFs {
  // Delegating by hand, not by spreading: an ImportsFs may be a class instance with its methods on the prototype.
  const listDir = fs.listDir;
  return {
    readFile(path) {
      const text = texts.get(path);
      if (text === undefined) return fs.readFile(path);
      texts.delete(path);
      return Promise.resolve(text);
    },
    readDir: (path) => fs.readDir(path),
    isFile: (path) => fs.isFile(path),
    isDir: (path) => fs.isDir(path),
    ...(listDir ? { listDir: (path: string) => listDir.call(fs, path) } : {}),
  };
}

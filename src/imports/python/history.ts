/**
 * Where missing modules went, from git history: renames (`git log -M`) and
 * deletions, with the files added at or after a deletion as candidates for
 * the module's new home. Read once, lazily, only when something is missing.
 */
import { followRenames, gitTopLevel } from '../git-history.js';
import type { GitRunner } from '../model.js';
import { moduleStem } from './resolver.js';

export interface PyHistory {
  /** The current path of a renamed file (following rename chains), if any. */
  renamedTo(path: string): string | undefined;
  /** Whether the file existed once and was deleted (not renamed). */
  wasDeleted(path: string): boolean;
  /** Python files added in the commit that deleted `path` or later, newest first. */
  addedSinceDeletion(path: string): string[];
  /** Whether any deleted or renamed Python file had this module stem (`alert_manager_core`). */
  hadModule(stem: string): boolean;
}

const EMPTY: PyHistory = {
  renamedTo: () => undefined,
  wasDeleted: () => false,
  addedSinceDeletion: () => [],
  hadModule: () => false,
};

/** Commits read at most: enough for recent refactors, bounded for huge repositories. */
const MAX_COMMITS = 3000;

export async function loadHistory(git: GitRunner | undefined, root: string): Promise<PyHistory> {
  if (!git) return EMPTY;
  const top = await gitTopLevel(git, root);
  if (!top) return EMPTY;
  const log = await git(
    ['log', `--max-count=${MAX_COMMITS}`, '-M', '--diff-filter=ADR', '--name-status', '--format=%x01', '--', '*.py', '*.pyi'],
    root,
  );
  if (!log) return EMPTY;
  const renames = new Map<string, string>();
  const deletedAt = new Map<string, number>();
  const added: Array<{ path: string; commit: number }> = [];
  const stems = new Set<string>();
  const abs = (path: string): string => `${top}/${path}`;
  let commit = -1;
  for (const line of log.split('\n')) {
    if (line.startsWith('\x01')) {
      commit++;
      continue;
    }
    const [status, first, second] = line.split('\t');
    if (!status || !first) continue;
    if (status.startsWith('R') && second) {
      if (!renames.has(abs(first))) renames.set(abs(first), abs(second));
      stems.add(moduleStem(first));
    } else if (status === 'D') {
      if (!deletedAt.has(abs(first))) deletedAt.set(abs(first), commit);
      stems.add(moduleStem(first));
    } else if (status === 'A') {
      added.push({ path: abs(first), commit });
    }
  }
  return {
    renamedTo: (path) => followRenames(renames, path),
    wasDeleted: (path) => deletedAt.has(path),
    addedSinceDeletion(path) {
      const at = deletedAt.get(path);
      if (at === undefined) return [];
      // Newest commits come first in the log: "at or after the deletion" is index <= at.
      return added.filter((entry) => entry.commit <= at).map((entry) => entry.path);
    },
    hadModule: (stem) => stems.has(stem),
  };
}

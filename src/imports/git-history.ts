/**
 * The git pieces both language checkers' history suggestions and `--changed`
 * need: the work tree's top (git prints paths relative to it) and rename
 * chains followed to a file's latest name.
 */
import type { GitRunner } from './model.js';

/** The top of the git work tree holding `root`, with forward slashes; undefined outside one. */
export async function gitTopLevel(git: GitRunner, root: string): Promise<string | undefined> {
  return (await git(['rev-parse', '--show-toplevel'], root))?.trim().replace(/\\/g, '/') || undefined;
}

/** The latest name of a renamed file, following `old → new` chains (bounded: history can loop). */
export function followRenames(renames: ReadonlyMap<string, string>, path: string): string | undefined {
  let current = renames.get(path);
  for (let hops = 0; current !== undefined && renames.has(current) && hops < 50; hops++) current = renames.get(current);
  return current;
}

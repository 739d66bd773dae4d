/**
 * A directory's entries with their kinds through the injected fs: its fast
 * `listDir` when it has one, else `readDir` plus one `isDir` per entry.
 * Shared by the walker, the Python project discovery and the Python resolver.
 */
import type { DirEntry, ImportsFs } from './model.js';

/** Undefined when the directory does not exist. */
export async function listEntries(fs: ImportsFs, dir: string): Promise<DirEntry[] | undefined> {
  if (fs.listDir) return fs.listDir(dir);
  const names = await fs.readDir(dir);
  if (!names) return undefined;
  return Promise.all(names.map(async (name) => ({ name, dir: await fs.isDir(`${dir}/${name}`) })));
}

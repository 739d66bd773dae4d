/** The real ImportsFs over node:fs, with read caches: checkers ask for the same directories many times. */
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import type { DirEntry, ImportsFs } from './model.js';

export function createNodeImportsFs(): ImportsFs {
  const listings = new Map<string, Promise<DirEntry[] | undefined>>();
  const listDir = (path: string): Promise<DirEntry[] | undefined> => {
    let cached = listings.get(path);
    if (!cached) {
      cached = listUncached(path);
      listings.set(path, cached);
    }
    return cached;
  };
  return {
    async readFile(path) {
      // Synchronous on purpose: for thousands of small source files one read(2) each beats
      // fs/promises' open/fstat/read/close round trips through the thread pool (measured ~2×).
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    async readDir(path) {
      const entries = await listDir(path);
      return entries?.map((entry) => entry.name);
    },
    async isFile(path) {
      const entry = await findEntry(listDir, path);
      return entry !== undefined && !entry.dir;
    },
    async isDir(path) {
      const entry = await findEntry(listDir, path);
      if (entry) return entry.dir;
      // The root itself has no parent listing we can rely on (e.g. "/").
      try {
        return (await stat(path)).isDirectory();
      } catch {
        return false;
      }
    },
    listDir,
  };
}

async function listUncached(path: string): Promise<DirEntry[] | undefined> {
  try {
    const dirents = await readdir(path, { withFileTypes: true });
    return await Promise.all(
      dirents.map(async (dirent) => {
        if (!dirent.isSymbolicLink()) return { name: dirent.name, dir: dirent.isDirectory() };
        try {
          return { name: dirent.name, dir: (await stat(`${path}/${dirent.name}`)).isDirectory(), symlink: true };
        } catch {
          return { name: dirent.name, dir: false, symlink: true };
        }
      }),
    );
  } catch {
    return undefined;
  }
}

/** Looks a path up in its parent's listing, so the name's case must match exactly (as Python does). */
async function findEntry(
  listDir: (path: string) => Promise<DirEntry[] | undefined>,
  path: string,
): Promise<DirEntry | undefined> {
  const slash = path.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const entries = await listDir(path.slice(0, slash));
  const name = path.slice(slash + 1);
  return entries?.find((entry) => entry.name === name);
}

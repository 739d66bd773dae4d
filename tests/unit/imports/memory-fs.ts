/** An in-memory ImportsFs for unit tests: a flat map of absolute paths to contents. */
import type { DirEntry, ImportsFs } from '../../../src/imports/model.js';

export function memoryFs(files: Record<string, string>): ImportsFs {
  const dirs = new Map<string, Map<string, boolean>>();
  const ensure = (dir: string): Map<string, boolean> => {
    let entries = dirs.get(dir);
    if (!entries) dirs.set(dir, (entries = new Map()));
    return entries;
  };
  for (const path of Object.keys(files)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/') || '/';
      ensure(dir).set(parts[i]!, i < parts.length - 1);
    }
  }
  const listDir = async (path: string): Promise<DirEntry[] | undefined> => {
    const entries = dirs.get(path);
    return entries && [...entries].map(([name, dir]) => ({ name, dir }));
  };
  return {
    async readFile(path) {
      return files[path];
    },
    async readDir(path) {
      return (await listDir(path))?.map((entry) => entry.name);
    },
    async isFile(path) {
      return files[path] !== undefined;
    },
    async isDir(path) {
      return dirs.has(path);
    },
    listDir,
  };
}

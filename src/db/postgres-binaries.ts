/**
 * Locating a system PostgreSQL. Debian/Ubuntu install the server binaries in
 * /usr/lib/postgresql/<major>/bin, which is not on PATH; Homebrew and the EDB
 * installer put them on PATH (or in well-known folders listed below).
 */
import { access, readdir } from 'node:fs/promises';
import { constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { NetraError } from '../shared/errors.js';

export interface PostgresBinaries {
  /** Folder holding the binaries. */
  bindir: string;
  initdb: string;
  postgres: string;
}

export const POSTGRES_INSTALL_HINT =
  'apt-get install postgresql  |  brew install postgresql@16  |  the EDB Windows installer';

export interface FindPostgresOptions {
  /** PATH to search; defaults to process.env.PATH. */
  path?: string;
  /** Folders holding one `<major>/bin` per installed version; the highest wins. */
  versionRoots?: readonly string[];
  platform?: NodeJS.Platform;
  /** Injected for tests. */
  isExecutable?: (file: string) => Promise<boolean>;
  listDir?: (dir: string) => Promise<string[]>;
}

const DEFAULT_VERSION_ROOTS = ['/usr/lib/postgresql', '/opt/homebrew/opt', '/usr/local/opt', 'C:\\Program Files\\PostgreSQL'];

async function defaultIsExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function defaultListDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** Version folders sorted highest first: `16` > `15`, `postgresql@16` > `postgresql@14`, `9.6` < `10`. */
export function sortVersionDirs(names: readonly string[]): string[] {
  const version = (name: string): number[] => (name.match(/\d+/g) ?? []).map(Number);
  return names
    .filter((n) => /\d/.test(n) && (/^\d/.test(n) || n.startsWith('postgresql')))
    .sort((a, b) => {
      const va = version(a);
      const vb = version(b);
      for (let i = 0; i < Math.max(va.length, vb.length); i++) {
        const d = (vb[i] ?? 0) - (va[i] ?? 0);
        if (d !== 0) return d;
      }
      return 0;
    });
}

export async function findPostgresBinaries(options: FindPostgresOptions = {}): Promise<PostgresBinaries> {
  const isExecutable = options.isExecutable ?? defaultIsExecutable;
  const listDir = options.listDir ?? defaultListDir;
  const exe = (options.platform ?? process.platform) === 'win32' ? '.exe' : '';
  const candidates: string[] = (options.path ?? process.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const root of options.versionRoots ?? DEFAULT_VERSION_ROOTS) {
    for (const name of sortVersionDirs(await listDir(root))) candidates.push(join(root, name, 'bin'));
  }
  for (const bindir of candidates) {
    const initdb = join(bindir, `initdb${exe}`);
    const postgres = join(bindir, `postgres${exe}`);
    // Both from the same folder: an initdb of one major with a server of another refuses the data dir.
    if ((await isExecutable(initdb)) && (await isExecutable(postgres))) return { bindir, initdb, postgres };
  }
  throw new NetraError('DB_PREREQUISITE_MISSING', 'kind postgres needs the PostgreSQL server binaries (initdb, postgres), and none were found', {
    hint: POSTGRES_INSTALL_HINT,
    details: [`searched PATH and ${(options.versionRoots ?? DEFAULT_VERSION_ROOTS).join(', ')}`],
  });
}

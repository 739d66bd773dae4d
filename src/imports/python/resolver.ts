/**
 * Finds Python modules on disk the way CPython's path finder does: per
 * search folder, a regular package (`name/__init__.py[i]`) or a module
 * (`name.py`, `name.pyi`, extension modules) wins; bare folders are PEP 420
 * namespace portions, merged across every search folder. Names are compared
 * with exact case, from directory listings, whatever the file system does.
 */
import { listEntries } from '../list-entries.js';
import type { ImportsFs } from '../model.js';

export type ModuleTarget =
  | { kind: 'module'; files: string[]; dirs: []; opaque: boolean }
  | { kind: 'package'; files: string[]; dirs: string[]; opaque: false }
  | { kind: 'namespace'; files: []; dirs: string[]; opaque: false };

export interface Resolution {
  /** The module, when every part resolved. */
  target?: ModuleTarget;
  /** Index of the first part that did not resolve. */
  failedAt: number;
  /** The last part that did resolve (undefined when the first failed). */
  parent?: ModuleTarget;
}

const EXTENSION = /^(.+?)\.(?:[A-Za-z0-9_-]+\.)?(?:so|pyd)$/;

export class PyResolver {
  private readonly listings = new Map<string, Promise<Map<string, boolean>>>();

  constructor(private readonly fs: ImportsFs) {}

  /** Name → is-folder of a directory's entries; empty when it does not exist. */
  listing(dir: string): Promise<Map<string, boolean>> {
    let cached = this.listings.get(dir);
    if (!cached) {
      cached = listEntries(this.fs, dir).then((entries = []) => new Map(entries.map((e) => [e.name, e.dir])));
      this.listings.set(dir, cached);
    }
    return cached;
  }

  /** The module or package `name` inside the search folders `dirs`. */
  async entry(dirs: readonly string[], name: string): Promise<ModuleTarget | undefined> {
    const portions: string[] = [];
    for (const dir of dirs) {
      const entries = await this.listing(dir);
      if (entries.get(name) === true) {
        const inner = await this.listing(`${dir}/${name}`);
        const inits = ['__init__.py', '__init__.pyi'].filter((init) => inner.get(init) === false);
        if (inits.length > 0) return { kind: 'package', files: inits.map((init) => `${dir}/${name}/${init}`), dirs: [`${dir}/${name}`], opaque: false };
      }
      const files = ['.py', '.pyi'].filter((ext) => entries.get(`${name}${ext}`) === false).map((ext) => `${dir}/${name}${ext}`);
      // A compiled extension defines what it defines; a stub next to it may be incomplete.
      // A Cython source (`name.pyx`) becomes an extension module at build time.
      let extension = entries.get(`${name}.pyx`) === false;
      for (const [entryName, isDir] of entries) {
        if (!isDir && EXTENSION.exec(entryName)?.[1] === name) extension = true;
      }
      if (files.length > 0 || extension) return { kind: 'module', files, dirs: [], opaque: extension };
      if (entries.get(name) === true) portions.push(`${dir}/${name}`);
    }
    return portions.length > 0 ? { kind: 'namespace', files: [], dirs: portions, opaque: false } : undefined;
  }

  /** Resolves dotted parts, the first one in `roots`, each next one inside the previous package. */
  async resolve(parts: readonly string[], roots: readonly string[]): Promise<Resolution> {
    let current = await this.entry(roots, parts[0]!);
    if (!current) return { failedAt: 0 };
    return this.descend(current, parts, 1);
  }

  /** Resolves `parts[from…]` below an already resolved package. */
  async descend(start: ModuleTarget, parts: readonly string[], from: number): Promise<Resolution> {
    let current = start;
    for (let k = from; k < parts.length; k++) {
      const next = current.dirs.length > 0 ? await this.entry(current.dirs, parts[k]!) : undefined;
      if (!next) return { failedAt: k, parent: current };
      current = next;
    }
    return { target: current, failedAt: parts.length };
  }

  /** The package (regular or namespace) a folder is. */
  async packageAt(dir: string): Promise<ModuleTarget> {
    const entries = await this.listing(dir);
    const inits = ['__init__.py', '__init__.pyi'].filter((init) => entries.get(init) === false);
    return inits.length > 0
      ? { kind: 'package', files: inits.map((init) => `${dir}/${init}`), dirs: [dir], opaque: false }
      : { kind: 'namespace', files: [], dirs: [dir], opaque: false };
  }

  /** Names of the modules and packages directly inside a package, for suggestions and `from pkg import sub`. */
  async submodules(target: ModuleTarget): Promise<string[]> {
    const names = new Set<string>();
    for (const dir of target.dirs) {
      for (const [name, isDir] of await this.listing(dir)) {
        if (isDir && /^[A-Za-z_]\w*$/.test(name) && name !== '__pycache__') names.add(name);
        else if (!isDir && /^[A-Za-z_]\w*\.pyi?$/.test(name) && !name.startsWith('__init__.')) names.add(name.replace(/\.pyi?$/, ''));
      }
    }
    return [...names];
  }
}

/** Files of a target preferring the runtime `.py` over a stub, for edges. */
export function primaryFile(target: ModuleTarget): string | undefined {
  return target.files.find((file) => file.endsWith('.py')) ?? target.files[0];
}

/** The module name a file is at its own level: `pkg/mod.py` → `mod`, `pkg/__init__.py` → `pkg`. */
export function moduleStem(path: string): string {
  const parts = path.split('/');
  const base = parts[parts.length - 1]!.replace(/\.pyi?$/, '');
  return base === '__init__' ? (parts[parts.length - 2] ?? base) : base;
}

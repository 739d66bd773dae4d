/**
 * The shared state of one Python check: parsed files (each parsed once),
 * the resolver, the project's roots and dependencies, and what each module
 * exports (bindings, star imports followed transitively, `__getattr__`).
 */
import type { ImportsFs } from '../model.js';
import type { ModuleInfo, PyImport } from './module-info.js';
import { parseModule } from './parse.js';
import type { PythonProject } from './project.js';
import { type ModuleTarget, PyResolver } from './resolver.js';
import { STDLIB_MODULES } from './stdlib.js';
import { POPULAR_THIRD_PARTY } from './dist-names.js';

/** What every module has without defining it. */
const IMPLICIT_ATTRIBUTES = ['__name__', '__doc__', '__file__', '__spec__', '__loader__', '__package__', '__builtins__', '__dict__', '__cached__'];

export type ImportResolution =
  | { kind: 'local'; target: ModuleTarget }
  | { kind: 'stdlib' }
  | { kind: 'external' }
  | { kind: 'beyond-top' }
  /** `failedAt` indexes `parts`; `searchDirs` are where `parts[failedAt]` was looked for. */
  | { kind: 'missing'; parts: string[]; failedAt: number; parent?: ModuleTarget; searchDirs: string[] };

export interface Exports {
  names: Set<string>;
  /** Anything may exist (dynamic module, star import from outside the project, extension module). */
  open: boolean;
}

export class PythonAnalysis {
  readonly resolver: PyResolver;
  private readonly infos = new Map<string, Promise<ModuleInfo | undefined>>();
  private readonly exportCache = new Map<string, Promise<Exports>>();
  private readonly sortedRoots: string[];
  private readonly rootsByDir = new Map<string, Promise<string[]>>();
  /** Absolute imports resolve the same from every file with the same search roots. */
  private readonly absolute = new Map<string, Promise<ImportResolution>>();

  constructor(
    readonly fs: ImportsFs,
    readonly root: string,
    readonly project: PythonProject,
  ) {
    this.resolver = new PyResolver(fs);
    this.sortedRoots = [...project.roots].sort((a, b) => b.length - a.length);
  }

  info(file: string): Promise<ModuleInfo | undefined> {
    let cached = this.infos.get(file);
    if (!cached) {
      cached = this.fs.readFile(file).then((text) => (text === undefined ? undefined : parseModule(text)));
      this.infos.set(file, cached);
    }
    return cached;
  }

  /** Seeds the parse cache with files parsed elsewhere (worker threads). */
  seed(file: string, info: ModuleInfo | undefined): void {
    this.infos.set(file, Promise.resolve(info));
  }

  /** Already parsed files, for "this name now lives in …" suggestions. */
  parsedFiles(): string[] {
    return [...this.infos.keys()];
  }

  /** The most specific import root holding the file. */
  fileRoot(file: string): string {
    return this.sortedRoots.find((root) => file.startsWith(`${root}/`)) ?? this.root;
  }

  /** Dotted module name of a file from its import root (`pkg.sub`, `pkg` for pkg/__init__.py). */
  moduleName(file: string): string {
    const root = this.fileRoot(file);
    const rel = file.slice(root.length + 1).replace(/\.pyi?$/, '').replace(/\/__init__$/, '');
    return rel.split('/').join('.');
  }

  /**
   * Search folders for absolute imports from `file`: the project's roots,
   * then the file's script folder (the first ancestor that is not a regular
   * package), which `python path/to/script.py` and pytest put on sys.path.
   */
  searchRoots(file: string): Promise<string[]> {
    const fileDir = file.slice(0, file.lastIndexOf('/'));
    let cached = this.rootsByDir.get(fileDir);
    if (!cached) {
      cached = this.computeSearchRoots(fileDir);
      this.rootsByDir.set(fileDir, cached);
    }
    return cached;
  }

  private async computeSearchRoots(fileDir: string): Promise<string[]> {
    let dir = fileDir;
    while (dir.length > this.root.length) {
      const entries = await this.resolver.listing(dir);
      if (!entries.has('__init__.py') && !entries.has('__init__.pyi')) break;
      dir = dir.slice(0, dir.lastIndexOf('/'));
    }
    return this.project.roots.includes(dir) ? this.project.roots : [...this.project.roots, dir];
  }

  isThirdPartyName(top: string): boolean {
    return this.project.declared.has(top) || this.project.installed.has(top) || POPULAR_THIRD_PARTY.has(top);
  }

  async resolveImport(file: string, imp: Pick<PyImport, 'level' | 'module'>): Promise<ImportResolution> {
    const parts = imp.module === '' ? [] : imp.module.split('.');
    if (imp.level === 0) {
      const top = parts[0]!;
      if (STDLIB_MODULES.has(top)) return { kind: 'stdlib' };
      const roots = await this.searchRoots(file);
      const key = `${roots.length === this.project.roots.length ? '' : roots[roots.length - 1]}\0${imp.module}`;
      let cached = this.absolute.get(key);
      if (!cached) {
        cached = this.resolveAbsolute(parts, roots);
        this.absolute.set(key, cached);
      }
      return cached;
    }
    return this.resolveRelative(file, imp.level, parts);
  }

  private async resolveAbsolute(parts: string[], roots: string[]): Promise<ImportResolution> {
    const top = parts[0]!;
    const resolution = await this.resolver.resolve(parts, roots);
    if (resolution.target || resolution.failedAt > 0) {
      // A local folder named like a third-party namespace (google/, azure/) does not make it local.
      const topTarget = await this.resolver.entry(roots, top);
      if (topTarget?.kind === 'namespace' && this.isThirdPartyName(top)) return { kind: 'external' };
    }
    if (resolution.target) return { kind: 'local', target: resolution.target };
    if (resolution.parent && (await this.isDynamic(resolution.parent))) return { kind: 'external' };
    return {
      kind: 'missing',
      parts,
      failedAt: resolution.failedAt,
      ...(resolution.parent ? { parent: resolution.parent } : {}),
      searchDirs: resolution.parent ? resolution.parent.dirs : roots,
    };
  }

  private async resolveRelative(file: string, level: number, parts: string[]): Promise<ImportResolution> {
    const fileDir = file.slice(0, file.lastIndexOf('/'));
    const root = this.fileRoot(file);
    const depth = fileDir === root ? 0 : fileDir.slice(root.length + 1).split('/').length;
    // `pkg/mod.py` (depth 1) may use `.` but not `..`: the package of a module is its folder.
    if (level > depth) return { kind: 'beyond-top' };
    let dir = fileDir;
    for (let k = 1; k < level; k++) dir = dir.slice(0, dir.lastIndexOf('/'));
    const base = await this.resolver.packageAt(dir);
    if (parts.length === 0) return { kind: 'local', target: base };
    const resolution = await this.resolver.descend(base, parts, 0);
    if (resolution.target) return { kind: 'local', target: resolution.target };
    const parent = resolution.parent ?? base;
    if (await this.isDynamic(parent)) return { kind: 'external' };
    return { kind: 'missing', parts, failedAt: resolution.failedAt, parent, searchDirs: parent.dirs };
  }

  /** A module that rewrites sys.modules or installs an import hook may provide submodules no file shows. */
  private async isDynamic(target: ModuleTarget): Promise<boolean> {
    if (target.opaque) return true;
    for (const file of target.files) if ((await this.info(file))?.dynamic) return true;
    return false;
  }

  /** Everything `from target import name` can find besides submodules. */
  exportsOf(target: ModuleTarget, inProgress: Set<string> = new Set()): Promise<Exports> {
    const key = `${target.files.join('|')}#${target.dirs.join('|')}`;
    const cached = this.exportCache.get(key);
    if (cached) return cached;
    if (inProgress.has(key)) return Promise.resolve({ names: new Set(), open: false });
    const promise = this.computeExports(target, new Set([...inProgress, key]));
    // Only complete results are cached: a cycle-truncated one depends on where the cycle was entered.
    if (inProgress.size === 0) this.exportCache.set(key, promise);
    return promise;
  }

  private async computeExports(target: ModuleTarget, inProgress: Set<string>): Promise<Exports> {
    const exports: Exports = { names: new Set(IMPLICIT_ATTRIBUTES), open: target.opaque };
    if (target.dirs.length > 0) exports.names.add('__path__');
    for (const file of target.files) {
      const info = await this.info(file);
      if (!info) continue;
      if (info.dynamic) exports.open = true;
      for (const name of info.bindings) exports.names.add(name);
      for (const imp of info.imports) {
        if (!imp.star || imp.lazy) continue;
        const resolution = await this.resolveImport(file, imp);
        if (resolution.kind !== 'local') {
          exports.open = true;
          continue;
        }
        const inner = await this.exportsOf(resolution.target, inProgress);
        if (inner.open) exports.open = true;
        for (const name of await this.publicNames(resolution.target, inner)) exports.names.add(name);
      }
    }
    return exports;
  }

  /** What `from target import *` binds: `__all__` when static, else the names without a leading underscore. */
  private async publicNames(target: ModuleTarget, exports: Exports): Promise<string[]> {
    for (const file of target.files) {
      const info = await this.info(file);
      if (info?.all && !info.allDynamic) return info.all.map((entry) => entry.name);
    }
    return [...exports.names].filter((name) => !name.startsWith('_'));
  }

  /** The static `__all__` entries of a target, if it has one. */
  async allNames(target: ModuleTarget): Promise<Set<string>> {
    const names = new Set<string>();
    for (const file of target.files) for (const entry of (await this.info(file))?.all ?? []) names.add(entry.name);
    return names;
  }

  /** The target a checked file itself is (its own package for `__init__.py`). */
  async targetOfFile(file: string): Promise<ModuleTarget> {
    const dir = file.slice(0, file.lastIndexOf('/'));
    const base = file.slice(dir.length + 1);
    if (/^__init__\.pyi?$/.test(base)) return this.resolver.packageAt(dir);
    const stem = base.replace(/\.pyi?$/, '');
    return (await this.resolver.entry([dir], stem)) ?? { kind: 'module', files: [file], dirs: [], opaque: false };
  }
}

/**
 * The state of one TS/JS run: parsed modules, resolutions and export sets,
 * shared by the file check and the `critical` entries.
 */
import type { CheckContext } from '../model.js';
import { AmbientModules } from './ambient.js';
import { CachedFs } from './cached-fs.js';
import { ExportSets } from './export-sets.js';
import type { ModuleInfo } from './module-info.js';
import { Packages } from './packages.js';
import { parseModule, type ParseOptions } from './parse-module.js';
import { toSlash } from './paths.js';
import { isCodeFile, isDeclarationFile } from './resolve-file.js';
import { Resolver, type Resolution } from './resolver.js';
import { TsConfigs } from './tsconfig.js';

/** Enough reads in flight to keep the disk busy, few enough to keep memory (and GC) flat. */
const READ_CONCURRENCY = 64;

/** Listings, tsconfigs and package.jsons of one run: the file check and the critical entries share a context. */
interface Disk {
  fs: CachedFs;
  tsconfigs: TsConfigs;
  packages: Packages;
}

const disks = new WeakMap<CheckContext, Disk>();

export class TsProject {
  readonly root: string;
  readonly resolver: Resolver;
  readonly parsed = new Map<string, ModuleInfo | undefined>();
  readonly resolutions = new Map<string, (Resolution | undefined)[]>();
  readonly exportSets = new ExportSets(
    (file) => this.parsed.get(file),
    (file, record) => this.resolutions.get(file)?.[record],
  );
  private readonly ambient = new AmbientModules();
  private readonly visited = new Set<string>();
  private tasks: Promise<void>[] = [];

  constructor(private readonly ctx: CheckContext) {
    this.root = stripSlash(toSlash(ctx.root));
    let disk = disks.get(ctx);
    if (!disk) {
      const fs = new CachedFs(ctx.fs, this.root);
      disk = { fs, tsconfigs: new TsConfigs(fs, this.root), packages: new Packages(fs, this.root) };
      disks.set(ctx, disk);
    }
    // Not the resolver: its cached resolutions depend on this project's ambient modules.
    this.resolver = new Resolver(this.root, disk.fs, disk.tsconfigs, disk.packages, this.ambient);
  }

  /** Parses and resolves every import of `files`, then the re-export chains their named imports go through. */
  async load(files: readonly string[]): Promise<void> {
    // Parse everything first: ambient modules anywhere affect every file.
    // One thread: parsing is about a third of the work, and shipping sources to a worker
    // thread and results back cost more than it saved on 2 cores (measured, 3,000 files).
    await forEachLimited(files, READ_CONCURRENCY, async (file) => {
      this.visited.add(file);
      this.parsed.set(file, await this.parse(file));
    });
    // With `--changed` only some files are checked, but every .d.ts can declare ambient modules.
    const declarations = this.ctx.allFiles?.map(toSlash).filter((f) => isDeclarationFile(f) && !this.visited.has(f)) ?? [];
    await forEachLimited(declarations, READ_CONCURRENCY, async (file) => {
      for (const name of (await this.parse(file))?.ambientModules ?? []) this.ambient.add(name);
    });
    for (const info of this.parsed.values()) for (const name of info?.ambientModules ?? []) this.ambient.add(name);
    await forEachLimited(files, READ_CONCURRENCY, (file) => this.resolveRecords(file, allIndices(this.parsed.get(file))));
    for (const file of files) {
      this.parsed.get(file)?.imports.forEach((record, i) => {
        if (record.names.length > 0 || record.kind === 'star') this.follow(this.resolutions.get(file)?.[i]);
      });
    }
    await this.settle();
  }

  /** Makes sure the export set of `resolution`'s file can be computed (its barrels loaded). */
  async loadExportsOf(resolution: Resolution): Promise<void> {
    this.follow(resolution);
    await this.settle();
  }

  private async settle(): Promise<void> {
    for (let i = 0; i < this.tasks.length; i++) await this.tasks[i];
    this.tasks = [];
  }

  /** Re-export chains may run through files outside the checked set (e.g. a workspace's sources). */
  private follow(resolution: Resolution | undefined): void {
    if (resolution?.kind !== 'file' || !isCodeFile(resolution.path)) return;
    const file = resolution.path;
    if (this.visited.has(file)) return;
    this.visited.add(file);
    this.tasks.push((async () => {
      const info = await this.parse(file);
      this.parsed.set(file, info);
      if (!info) return;
      const indices = reExportIndices(info);
      await this.resolveRecords(file, indices);
      for (const i of indices) this.follow(this.resolutions.get(file)?.[i]);
    })());
  }

  private async parse(file: string): Promise<ModuleInfo | undefined> {
    const source = await this.ctx.fs.readFile(file);
    return source === undefined ? undefined : parseModule(source, parseOptions(file));
  }

  private async resolveRecords(file: string, indices: number[]): Promise<void> {
    const info = this.parsed.get(file);
    if (!info) return;
    const importer = await this.resolver.importer(file);
    const slots = this.resolutions.get(file) ?? [];
    this.resolutions.set(file, slots);
    await Promise.all(indices.map(async (i) => {
      const record = info.imports[i]!;
      slots[i] = await this.resolver.resolve(importer, record.specifier, record.kind);
    }));
  }
}

function parseOptions(file: string): ParseOptions {
  return {
    isJs: /\.[mc]?jsx?$/.test(file),
    jsx: /\.(jsx|tsx|js|mjs|cjs)$/.test(file),
    tsx: file.endsWith('.tsx'),
    declarationFile: isDeclarationFile(file),
  };
}

function allIndices(info: ModuleInfo | undefined): number[] {
  return info ? info.imports.map((_, i) => i) : [];
}

function reExportIndices(info: ModuleInfo): number[] {
  return [...new Set([...info.stars, ...info.reExports.map((r) => r.record)])];
}

function stripSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

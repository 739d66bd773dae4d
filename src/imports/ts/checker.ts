/**
 * The TS/JS checker: parse every file, collect ambient modules, resolve every
 * import, follow re-export chains into files outside the checked set, then
 * report broken modules and names and hand the project-internal edges to the
 * core for cycles and boundaries.
 */
import type { CheckContext, Finding, ImportEdge, LanguageReport } from '../model.js';
import { closestMatch } from '../suggest.js';
import { AmbientModules } from './ambient.js';
import { CachedFs } from './cached-fs.js';
import { ExportSets } from './export-sets.js';
import type { ImportRecord, ModuleInfo } from './module-info.js';
import { Packages } from './packages.js';
import { parseModule } from './parse-module.js';
import { isWithin, relativeFrom, toSlash } from './paths.js';
import { isCodeFile, isDeclarationFile } from './resolve-file.js';
import type { Resolution } from './resolver.js';
import { Resolver } from './resolver.js';
import { TsConfigs } from './tsconfig.js';

/** Enough reads in flight to keep the disk busy, few enough to keep memory (and GC) flat. */
const READ_CONCURRENCY = 64;


export async function checkTypeScript(ctx: CheckContext): Promise<LanguageReport> {
  const root = stripSlash(toSlash(ctx.root));
  const files = ctx.files.map(toSlash);
  const fs = new CachedFs(ctx.fs, root);
  const ambient = new AmbientModules();
  const resolver = new Resolver(root, fs, new TsConfigs(fs, root), new Packages(fs, root), ambient);
  const parsed = new Map<string, ModuleInfo | undefined>();
  const resolutions = new Map<string, (Resolution | undefined)[]>();

  const parse = async (file: string): Promise<ModuleInfo | undefined> => {
    const source = await ctx.fs.readFile(file);
    if (source === undefined) return undefined;
    const jsx = /\.(jsx|tsx|js|mjs|cjs)$/.test(file);
    return parseModule(source, {
      isJs: /\.[mc]?jsx?$/.test(file), jsx, tsx: file.endsWith('.tsx'), declarationFile: isDeclarationFile(file),
    });
  };
  const resolveRecords = async (file: string, indices: number[]): Promise<void> => {
    const info = parsed.get(file);
    if (!info) return;
    const importer = await resolver.importer(file);
    const slots = resolutions.get(file) ?? [];
    resolutions.set(file, slots);
    await Promise.all(indices.map(async (i) => {
      const record = info.imports[i]!;
      slots[i] = await resolver.resolve(importer, record.specifier, record.kind);
    }));
  };

  // 1. Parse everything first: ambient modules anywhere affect every file.
  await forEachLimited(files, READ_CONCURRENCY, async (file) => {
    parsed.set(file, await parse(file));
  });
  for (const p of parsed.values()) for (const name of p?.ambientModules ?? []) ambient.add(name);

  // 2. Resolve every import of the checked files.
  await forEachLimited(files, READ_CONCURRENCY, (file) => resolveRecords(file, allIndices(parsed.get(file))));

  // 3. Re-export chains may run through files outside the checked set (e.g. a workspace's sources).
  const visited = new Set(files);
  const tasks: Promise<void>[] = [];
  const visit = (file: string): void => {
    if (visited.has(file)) return;
    visited.add(file);
    tasks.push((async () => {
      parsed.set(file, await parse(file));
      const info = parsed.get(file);
      if (!info) return;
      await resolveRecords(file, reExportIndices(info));
      for (const i of reExportIndices(info)) follow(resolutions.get(file)?.[i]);
    })());
  };
  const follow = (resolution: Resolution | undefined): void => {
    if (resolution?.kind === 'file' && isCodeFile(resolution.path)) visit(resolution.path);
  };
  for (const file of files) {
    const info = parsed.get(file);
    if (!info) continue;
    info.imports.forEach((record, i) => {
      if (record.names.length > 0 || record.kind === 'star') follow(resolutions.get(file)?.[i]);
    });
  }
  for (let i = 0; i < tasks.length; i++) await tasks[i];

  // 4. Findings and edges.
  const exportSets = new ExportSets(
    (file) => parsed.get(file),
    (file, record) => resolutions.get(file)?.[record],
  );
  const findings: Finding[] = [];
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const info = parsed.get(file);
    if (!info) continue;
    const rel = relativeFrom(root, file);
    info.imports.forEach((record, i) => {
      const resolution = resolutions.get(file)?.[i];
      if (!resolution) return;
      const base = { file: rel, lang: 'ts' as const, specifier: record.specifier };
      const pos = { line: record.line, column: record.column };
      switch (resolution.kind) {
        case 'missing':
          findings.push({
            ...base, ...pos, kind: 'module-not-found', message: resolution.message, severity: 'error',
            ...(resolution.suggestion === undefined ? {} : { suggestion: resolution.suggestion }),
          });
          return;
        case 'unlisted':
          findings.push({ ...base, ...pos, kind: 'unlisted-dependency', message: resolution.message, severity: 'warning' });
          edges.push(edge(rel, record.specifier, pos, record, file, true));
          return;
        case 'external':
          edges.push(edge(rel, record.specifier, pos, record, file, true));
          return;
        case 'file':
          if (isWithin(root, resolution.path) && !resolution.path.includes('/node_modules/')) {
            edges.push({
              ...edge(rel, relativeFrom(root, resolution.path), pos, record, file, false),
              typeOnly: record.typeOnly || isDeclarationFile(file) || isDeclarationFile(resolution.path),
            });
          }
          if (record.names.length > 0 && isCodeFile(resolution.path)) {
            checkNames(record, exportSets.get(resolution.path), (name, message, suggestion) => {
              findings.push({
                ...base, line: name.line, column: name.column, kind: 'name-not-found', name: name.name, message, severity: 'error',
                ...(suggestion === undefined ? {} : { suggestion }),
              });
            });
          }
      }
    });
  }
  return { findings, edges, checkedFiles: files.length };
}

function checkNames(
  record: ImportRecord,
  set: ReturnType<ExportSets['get']>,
  report: (name: ImportRecord['names'][number], message: string, suggestion?: string) => void,
): void {
  if (set.open) return;
  for (const name of record.names) {
    if (set.names.has(name.name)) continue;
    const sources = set.ambiguous.get(name.name);
    if (sources) {
      report(name, `'${name.name}' is exported by both '${sources[0]}' and '${sources[1]}' through export * in '${record.specifier}', so it is ambiguous and not exported`);
    } else if (name.name === 'default') {
      report(name, `'${record.specifier}' has no default export`);
    } else {
      const candidates = [...set.names.keys()].filter((n) => n !== 'default');
      report(name, `'${record.specifier}' has no exported member '${name.name}'`, closestMatch(name.name, candidates));
    }
  }
}

function edge(
  from: string,
  to: string,
  pos: { line: number; column: number },
  record: ImportRecord,
  file: string,
  external: boolean,
): ImportEdge {
  const result: ImportEdge = {
    from, to, line: pos.line, column: pos.column, specifier: record.specifier, lang: 'ts',
    typeOnly: record.typeOnly || isDeclarationFile(file),
  };
  if (external) result.external = true;
  return result;
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

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

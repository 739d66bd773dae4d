/**
 * The TS/JS checker: parse every file, collect ambient modules, resolve every
 * import, follow re-export chains into files outside the checked set, then
 * report broken modules and names and hand the edges to the core for cycles
 * and boundaries.
 */
import type { CheckContext, CriticalEntry, Finding, ImportEdge, LanguageReport } from '../model.js';
import { closestMatch } from '../suggest.js';
import type { ExportSet } from './export-sets.js';
import type { ImportedName, ImportRecord } from './module-info.js';
import { formerFiles, loadRenames, respell } from './history.js';
import { dirOf, isWithin, relativeFrom, resolveIn, toSlash } from './paths.js';
import { TsProject } from './project.js';
import { isCodeFile, isDeclarationFile } from './resolve-file.js';

export async function checkTypeScript(ctx: CheckContext): Promise<LanguageReport> {
  const project = new TsProject(ctx);
  const root = project.root;
  const files = ctx.files.map(toSlash);
  await project.load(files);
  const findings: Finding[] = [];
  const edges: ImportEdge[] = [];
  const pendingMoves: PendingMove[] = [];
  const relPaths = new Map<string, string>();
  const relative = (path: string): string => {
    let rel = relPaths.get(path);
    if (rel === undefined) {
      rel = relativeFrom(root, path);
      relPaths.set(path, rel);
    }
    return rel;
  };
  for (const file of files) {
    const info = project.parsed.get(file);
    if (!info) continue;
    const rel = relativeFrom(root, file);
    info.imports.forEach((record, i) => {
      const resolution = project.resolutions.get(file)?.[i];
      if (!resolution) return;
      const base = { file: rel, line: record.line, column: record.column, lang: 'ts' as const, specifier: record.specifier };
      const typeOnly = record.typeOnly || isDeclarationFile(file);
      const edge = (to: string, external: boolean, targetTypes = false): ImportEdge => ({
        from: rel, to, line: record.line, column: record.column, specifier: record.specifier, lang: 'ts',
        typeOnly: typeOnly || targetTypes, ...(external ? { external: true } : {}),
      });
      switch (resolution.kind) {
        case 'missing': {
          const finding: Finding = {
            ...base, kind: 'module-not-found', message: resolution.message, severity: 'error',
            ...(resolution.suggestion === undefined ? {} : { suggestion: resolution.suggestion }),
          };
          findings.push(finding);
          if (record.specifier.startsWith('.')) pendingMoves.push({ finding, importerDir: dirOf(file) });
          return;
        }
        case 'unlisted':
          findings.push({
            ...base, kind: 'unlisted-dependency', message: resolution.message, severity: 'warning',
            ...(resolution.suggestion === undefined ? {} : { suggestion: resolution.suggestion }),
          });
          edges.push(edge(record.specifier, true));
          return;
        case 'external':
          edges.push(edge(record.specifier, true));
          return;
        case 'file':
          if (isWithin(root, resolution.path) && !resolution.path.includes('/node_modules/')) {
            edges.push(edge(relative(resolution.path), false, isDeclarationFile(resolution.path)));
          }
          if (record.names.length === 0 || !isCodeFile(resolution.path)) return;
          for (const missing of missingNames(record.names, project.exportSets.get(resolution.path), record.specifier)) {
            findings.push({
              ...base, line: missing.name.line, column: missing.name.column, kind: 'name-not-found',
              name: missing.name.name, message: missing.message, severity: 'error',
              ...(missing.suggestion === undefined ? {} : { suggestion: missing.suggestion }),
            });
          }
      }
    });
  }
  await suggestFromHistory(ctx, root, pendingMoves);
  return { findings, edges, checkedFiles: files.length };
}

interface PendingMove {
  finding: Finding;
  importerDir: string;
}

/** For broken relative imports, the file's new home when git saw it renamed (beats a look-alike sibling). */
async function suggestFromHistory(ctx: CheckContext, root: string, pending: PendingMove[]): Promise<void> {
  if (pending.length === 0 || !ctx.git) return;
  const renamedTo = await loadRenames(ctx.git, root);
  for (const { finding, importerDir } of pending) {
    const written = finding.specifier.replace(/\?.*$/, '');
    for (const former of formerFiles(resolveIn(importerDir, written))) {
      const moved = renamedTo(former);
      if (moved === undefined || !(await ctx.fs.isFile(moved))) continue;
      finding.suggestion = respell(importerDir, written, moved);
      finding.message += ` (git history: moved to ${relativeFrom(root, moved)})`;
      break;
    }
  }
}

/**
 * `verifyImports.critical` entries for TS/JS: `module` or `module:name`,
 * where module is a specifier resolved as if imported from a file at the
 * project root (`./src/x.js`, `@acme/core`, `node:fs`). File and position are
 * filled in by the caller.
 */
export async function checkTypeScriptCritical(ctx: CheckContext, entries: readonly CriticalEntry[]): Promise<Finding[]> {
  const project = new TsProject(ctx); // Shares the run's disk caches; load() is not called, so no file is parsed up front.
  const importer = await project.resolver.importer(`${project.root}/__netra_critical__.ts`);
  const findings: Finding[] = [];
  for (const entry of entries) {
    const base = { file: '', line: 1, column: 1, lang: 'ts' as const, specifier: entry.raw, severity: 'error' as const };
    const resolution = await project.resolver.resolve(importer, entry.module, 'static');
    if (resolution.kind === 'missing' || resolution.kind === 'unlisted') {
      findings.push({
        ...base, kind: 'module-not-found', message: `critical entry \`${entry.raw}\`: ${resolution.message}`,
        ...(resolution.kind === 'missing' && resolution.suggestion !== undefined ? { suggestion: resolution.suggestion } : {}),
      });
      continue;
    }
    if (entry.name === undefined || resolution.kind !== 'file' || !isCodeFile(resolution.path)) continue;
    await project.loadExportsOf(resolution);
    const name: ImportedName = { name: entry.name, start: 0, line: 1, column: 1, typeOnly: false };
    for (const missing of missingNames([name], project.exportSets.get(resolution.path), entry.module)) {
      findings.push({
        ...base, kind: 'name-not-found', name: entry.name, message: `critical entry \`${entry.raw}\`: ${missing.message}`,
        ...(missing.suggestion === undefined ? {} : { suggestion: `${entry.module}:${missing.suggestion}` }),
      });
    }
  }
  return findings;
}

interface MissingName {
  name: ImportedName;
  message: string;
  suggestion?: string;
}

function missingNames(names: readonly ImportedName[], set: ExportSet, specifier: ImportRecord['specifier']): MissingName[] {
  if (set.open) return [];
  const out: MissingName[] = [];
  for (const name of names) {
    if (set.names.has(name.name)) continue;
    const sources = set.ambiguous.get(name.name);
    if (sources) {
      out.push({
        name,
        message: `'${name.name}' is exported by both '${sources[0]}' and '${sources[1]}' through export * in '${specifier}', so it is ambiguous and not exported`,
      });
    } else if (name.name === 'default') {
      out.push({ name, message: `'${specifier}' has no default export` });
    } else {
      const suggestion = closestMatch(name.name, [...set.names.keys()].filter((n) => n !== 'default'));
      out.push({
        name,
        message: `'${specifier}' has no exported member '${name.name}'`,
        ...(suggestion === undefined ? {} : { suggestion }),
      });
    }
  }
  return out;
}

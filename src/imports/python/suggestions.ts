/**
 * "Did you mean …?" for Python: where a missing module went according to git
 * (renamed, or deleted with a new module added since that defines the wanted
 * name), else the closest existing module or name by edit distance, else
 * another module that now defines the missing name.
 */
import { closestMatch, editDistance } from '../suggest.js';
import type { PythonAnalysis } from './analysis.js';
import type { PyHistory } from './history.js';
import { type ModuleTarget, moduleStem } from './resolver.js';
import { STDLIB_MODULES } from './stdlib.js';

export class PySuggester {
  constructor(
    private readonly analysis: PythonAnalysis,
    private readonly history: () => Promise<PyHistory>,
  ) {}

  /**
   * For a missing module: `parts[failedAt]` was not found in `searchDirs`.
   * `wanted` is the single name imported from it, when there is one.
   */
  async module(parts: string[], failedAt: number, searchDirs: string[], prefix: string, wanted?: string): Promise<string | undefined> {
    const missing = parts.slice(failedAt);
    const history = await this.history();
    for (const dir of searchDirs) {
      const base = `${dir}/${missing.join('/')}`;
      for (const path of [`${base}.py`, `${base}/__init__.py`, `${base}.pyi`]) {
        const renamed = history.renamedTo(path);
        if (renamed && (await this.analysis.fs.isFile(renamed))) return this.withName(this.analysis.moduleName(renamed), renamed, wanted);
        if (history.wasDeleted(path)) {
          const moved = await this.bestSuccessor(path, wanted);
          if (moved) return moved;
        }
      }
    }
    const candidates = new Set<string>();
    for (const dir of searchDirs) {
      for (const [name, isDir] of await this.analysis.resolver.listing(dir)) {
        const stem = isDir ? name : name.replace(/\.pyi?$/, '');
        if (/^[A-Za-z_]\w*$/.test(stem) && stem !== '__init__' && (isDir || stem !== name)) candidates.add(stem);
      }
    }
    if (failedAt === 0 && prefix === '') for (const name of STDLIB_MODULES) candidates.delete(name);
    const closest = closestMatch(parts[failedAt]!, candidates);
    if (!closest) return undefined;
    const fixed = [...parts.slice(0, failedAt), closest].join('.');
    return `${prefix}${fixed}${wanted && failedAt === parts.length - 1 ? `.${wanted}` : ''}`;
  }

  /** A name missing from a module that exists. */
  async name(target: ModuleTarget, name: string, available: Iterable<string>, from?: string): Promise<string | undefined> {
    const pool = [...available];
    const close = closestMatch(name, pool) ?? containing(name, pool);
    if (close) return close;
    // The name may have moved to another module: find one that defines it now.
    let best: { module: string; score: number } | undefined;
    const own = new Set([...target.files, ...(from ? [from] : [])]);
    for (const file of (await this.definitions()).get(name) ?? []) {
      if (own.has(file)) continue;
      const module = this.analysis.moduleName(file);
      const score = module.split('.').length;
      if (!best || score < best.score || (score === best.score && module < best.module)) best = { module, score };
    }
    return best && `${best.module}.${name}`;
  }

  /** Name → files defining it, over every file parsed so far; built once, on the first miss. */
  private definitionIndex: Promise<Map<string, string[]>> | undefined;

  private definitions(): Promise<Map<string, string[]>> {
    this.definitionIndex ??= (async () => {
      const index = new Map<string, string[]>();
      for (const file of this.analysis.parsedFiles()) {
        for (const name of (await this.analysis.info(file))?.defined ?? []) {
          const files = index.get(name);
          if (files) files.push(file);
          else index.set(name, [file]);
        }
      }
      return index;
    })();
    return this.definitionIndex;
  }

  private async bestSuccessor(deleted: string, wanted: string | undefined): Promise<string | undefined> {
    const stem = moduleStem(deleted);
    let best: { file: string; score: number } | undefined;
    for (const file of (await this.history()).addedSinceDeletion(deleted)) {
      if (!(await this.analysis.fs.isFile(file))) continue;
      let score = editDistance(stem, moduleStem(file)) / Math.max(stem.length, moduleStem(file).length);
      if (wanted) {
        const defined = (await this.analysis.info(file))?.defined ?? new Set<string>();
        if (defined.has(wanted)) score -= 2;
        else if ([...defined].some((name) => name.includes(wanted) || wanted.includes(name))) score -= 1;
      }
      if (!best || score < best.score) best = { file, score };
    }
    if (!best || best.score > 0.6) return undefined;
    return this.withName(this.analysis.moduleName(best.file), best.file, wanted);
  }

  private async withName(module: string, file: string, wanted: string | undefined): Promise<string> {
    if (!wanted) return module;
    const info = await this.analysis.info(file);
    const names = [...(info?.bindings ?? [])];
    if (names.includes(wanted)) return `${module}.${wanted}`;
    const match = containing(wanted, names) ?? closestMatch(wanted, names);
    return match ? `${module}.${match}` : module;
  }
}

/** A name that contains the wanted one or is contained in it (`AlertManager` → `CompactAlertManager`). */
function containing(wanted: string, names: readonly string[]): string | undefined {
  if (wanted.length < 4) return undefined;
  const hits = names.filter((name) => name.length >= 4 && name !== wanted && (name.includes(wanted) || wanted.includes(name)));
  return hits.sort((a, b) => Math.abs(a.length - wanted.length) - Math.abs(b.length - wanted.length) || a.localeCompare(b))[0];
}

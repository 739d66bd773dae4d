/**
 * The names a module exports, following `export … from` and `export *`
 * chains through barrels. A name reaching a module through two `export *`
 * with different origins is ambiguous and not exported (as in ECMAScript);
 * `default` never travels through `export *`. Anything unreadable on the way
 * (CommonJS, a package, a broken re-export) makes the set open: names it might
 * have provided are then never reported, because the root cause is reported
 * once, where it is.
 */
import type { ModuleInfo } from './module-info.js';
import type { Resolution } from './resolver.js';
import { isCodeFile } from './resolve-file.js';

export interface ExportSet {
  /** Names may exist beyond `names`, so a missing name proves nothing. */
  open: boolean;
  /** Exported name → identity of its declaration (to tell real ambiguity from a diamond). */
  names: Map<string, string>;
  /** Names hidden by conflicting `export *` sources → the sources. */
  ambiguous: Map<string, string[]>;
}

const OPEN: ExportSet = { open: true, names: new Map(), ambiguous: new Map() };

export class ExportSets {
  private readonly memo = new Map<string, ExportSet>();
  private readonly onStack = new Set<string>();

  constructor(
    private readonly moduleOf: (file: string) => ModuleInfo | undefined,
    private readonly resolutionOf: (file: string, record: number) => Resolution | undefined,
  ) {}

  get(file: string): ExportSet {
    const known = this.memo.get(file);
    if (known) return known;
    // A cycle of barrels: the union is computed at the outer level; inner ones stay open.
    if (this.onStack.has(file)) return OPEN;
    this.onStack.add(file);
    const set = this.compute(file);
    this.onStack.delete(file);
    this.memo.set(file, set);
    return set;
  }

  private target(file: string, record: number): string | undefined {
    const resolution = this.resolutionOf(file, record);
    return resolution?.kind === 'file' && isCodeFile(resolution.path) ? resolution.path : undefined;
  }

  private compute(file: string): ExportSet {
    const info = this.moduleOf(file);
    if (info === undefined || info.opaqueExports) return OPEN;
    const names = new Map<string, string>();
    let open = false;
    for (const name of info.localExports) names.set(name, `${file}#${name}`);
    for (const re of info.reExports) {
      const target = this.target(file, re.record);
      if (re.imported === '*' || target === undefined) {
        names.set(re.exported, `${target ?? `${file}:${re.record}`}#${re.imported}`);
        continue;
      }
      names.set(re.exported, this.get(target).names.get(re.imported) ?? `${target}#${re.imported}`);
    }
    const fromStars = new Map<string, { origin: string; source: string }>();
    const ambiguous = new Map<string, string[]>();
    for (const record of info.stars) {
      const target = this.target(file, record);
      const spec = info.imports[record]?.specifier ?? '';
      if (target === undefined) {
        open = true;
        continue;
      }
      const sub = this.get(target);
      open ||= sub.open;
      for (const [name, origin] of sub.names) {
        if (name === 'default' || names.has(name)) continue;
        const seen = fromStars.get(name);
        if (seen === undefined) fromStars.set(name, { origin, source: spec });
        else if (seen.origin !== origin) ambiguous.set(name, [seen.source, spec]);
      }
    }
    for (const [name, { origin }] of fromStars) if (!ambiguous.has(name)) names.set(name, origin);
    return { open, names, ambiguous };
  }
}

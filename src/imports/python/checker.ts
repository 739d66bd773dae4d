/**
 * The Python checker: every import of every given file against the files on
 * disk, the standard library and the declared dependencies. A broken
 * re-export is reported once, where it is broken: a name bound by a failing
 * import in a package's `__init__.py` is still a binding for its consumers.
 */
import type { CheckContext, CriticalEntry, Finding, ImportEdge, LanguageReport } from '../model.js';
import { relative } from '../walk/walker.js';
import { type ImportResolution, PythonAnalysis } from './analysis.js';
import { type PyHistory, loadHistory } from './history.js';
import type { PyImport } from './module-info.js';
import { discoverProject, type PythonProject } from './project.js';
import { parseAll } from './parallel-parse.js';
import { moduleStem, primaryFile } from './resolver.js';
import { PySuggester } from './suggestions.js';

interface Unlisted {
  finding: Finding;
  count: number;
}

export async function checkPython(ctx: CheckContext): Promise<LanguageReport> {
  const [run, sources] = await Promise.all([PythonRun.create(ctx), Promise.all(ctx.files.map((file) => ctx.fs.readFile(file)))]);
  const infos = await parseAll(sources);
  ctx.files.forEach((file, i) => run.analysis.seed(file, infos[i]));
  for (const file of ctx.files) await run.checkFile(file);
  return run.report();
}

export async function checkPythonCritical(ctx: CheckContext, entries: readonly CriticalEntry[]): Promise<Finding[]> {
  const run = await PythonRun.create(ctx);
  return run.checkCritical(entries);
}

const projects = new WeakMap<CheckContext, Promise<PythonProject>>();

class PythonRun {
  readonly findings: Finding[] = [];
  readonly edges: ImportEdge[] = [];
  private readonly unlisted = new Map<string, Unlisted>();
  private historyPromise: Promise<PyHistory> | undefined;
  private stems: Map<string, string[]> | undefined;
  readonly suggester: PySuggester;

  private constructor(
    readonly ctx: CheckContext,
    readonly analysis: PythonAnalysis,
  ) {
    this.suggester = new PySuggester(analysis, () => this.history());
  }

  static async create(ctx: CheckContext): Promise<PythonRun> {
    // The file check and the critical entries of one run share a context: discover the project once.
    let project = projects.get(ctx);
    if (!project) projects.set(ctx, (project = discoverProject(ctx.fs, ctx.root)));
    return new PythonRun(ctx, new PythonAnalysis(ctx.fs, ctx.root, await project));
  }

  history(): Promise<PyHistory> {
    this.historyPromise ??= loadHistory(this.ctx.git, this.ctx.root);
    return this.historyPromise;
  }

  report(): LanguageReport {
    for (const { finding, count } of this.unlisted.values()) {
      if (count > 1) finding.message += ` (imported in ${count} places; reported once)`;
      this.findings.push(finding);
    }
    return { findings: this.findings, edges: this.edges, checkedFiles: this.ctx.files.length };
  }

  private rel(file: string): string {
    return relative(this.ctx.root, file);
  }

  async checkFile(file: string): Promise<void> {
    const info = await this.analysis.info(file);
    if (!info) return;
    for (const imp of info.imports) {
      const top = imp.module.split('.')[0]!;
      if (imp.level === 0 && (info.skipped.has(imp.module) || info.skipped.has(top))) continue;
      await this.checkImport(file, imp, await this.analysis.resolveImport(file, imp));
    }
    if (info.all && !info.allDynamic && !info.dynamic) await this.checkAll(file, info.all);
  }

  private async checkImport(file: string, imp: PyImport, resolution: ImportResolution): Promise<void> {
    const specifier = `${'.'.repeat(imp.level)}${imp.module}`;
    const base = { file: this.rel(file), line: imp.line, column: imp.col, lang: 'py' as const, specifier };
    const severity = imp.guard.typeChecking ? ('warning' as const) : ('error' as const);
    // An import inside a function runs on call, after every module finished importing: like a
    // type-only edge it cannot make an import-time cycle (ImportEdge.typeOnly is about cycles).
    const typeOnly = imp.guard.typeChecking || imp.lazy;
    const edge = (to: string, external = false): void => {
      this.edges.push({ from: base.file, to, line: imp.line, column: imp.col, specifier, lang: 'py', typeOnly, ...(external ? { external } : {}) });
    };
    switch (resolution.kind) {
      case 'stdlib':
      case 'external':
        edge(imp.module, true);
        return;
      case 'beyond-top':
        if (!imp.guard.module) {
          this.findings.push({ ...base, kind: 'relative-beyond-top', severity, message: `relative import \`${specifier}\` climbs above the top-level package` });
        }
        return;
      case 'missing':
        await this.missingModule(imp, resolution, base, severity, edge);
        return;
      case 'local': {
        const target = resolution.target;
        const main = primaryFile(target);
        if (main) edge(this.rel(main));
        if (!imp.from || imp.names.length === 0) return;
        const exports = await this.analysis.exportsOf(target);
        let declaredInAll: Set<string> | undefined;
        for (const name of imp.names) {
          if (exports.open || exports.names.has(name.name)) continue;
          const sub = target.dirs.length > 0 ? await this.analysis.resolver.entry(target.dirs, name.name) : undefined;
          if (sub) {
            const subFile = primaryFile(sub);
            if (subFile) edge(this.rel(subFile));
            continue;
          }
          declaredInAll ??= await this.analysis.allNames(target);
          // Promised by the module's __all__ but not defined: reported once, at that __all__.
          if (declaredInAll.has(name.name) || imp.guard.name) continue;
          const available = [...exports.names, ...(await this.analysis.resolver.submodules(target))];
          const suggestion = await this.suggester.name(target, name.name, available, file);
          this.findings.push({
            ...base, line: name.line, column: name.col, kind: 'name-not-found', name: name.name, severity,
            message: `\`${name.name}\` is not defined in \`${specifier}\``,
            ...(suggestion ? { suggestion } : {}),
          });
        }
      }
    }
  }

  private async missingModule(
    imp: PyImport,
    resolution: Extract<ImportResolution, { kind: 'missing' }>,
    base: Omit<Finding, 'kind' | 'message' | 'severity'>,
    severity: Finding['severity'],
    edge: (to: string, external?: boolean) => void,
  ): Promise<void> {
    const top = resolution.parts[0]!;
    if (imp.level === 0 && resolution.failedAt === 0) {
      if (this.analysis.project.declared.has(top)) return edge(imp.module, true);
      edge(imp.module, true);
      if (imp.guard.module || imp.guard.typeChecking) return;
      if (!(await this.looksLocal(top, resolution.searchDirs))) {
        const known = this.unlisted.get(top);
        if (known) known.count++;
        else {
          this.unlisted.set(top, {
            count: 1,
            finding: {
              ...base, kind: 'unlisted-dependency', severity: 'warning',
              message: `\`${top}\` is neither a module of this project nor a declared dependency (pyproject.toml, requirements*.txt, setup.cfg)`,
            },
          });
        }
        return;
      }
    }
    if (imp.guard.module) return;
    const wanted = imp.from && imp.names.length === 1 ? imp.names[0]!.name : undefined;
    const prefix = '.'.repeat(imp.level);
    let suggestion = await this.suggester.module(resolution.parts, resolution.failedAt, resolution.searchDirs, prefix, wanted);
    if (!suggestion && imp.level === 0 && resolution.failedAt === 0) {
      // The module exists, but not under an import root: name it as importable from the root.
      const elsewhere = (await this.scriptModulesNamed(top)).map((f) => this.analysis.moduleName(f)).sort((a, b) => a.length - b.length)[0];
      if (elsewhere) suggestion = [elsewhere, ...resolution.parts.slice(1)].join('.');
    }
    const missing = `${prefix}${resolution.parts.slice(0, resolution.failedAt + 1).join('.')}`;
    const where = resolution.failedAt > 0 || imp.level > 0 ? ` (no \`${resolution.parts[resolution.failedAt]}\` in \`${prefix}${resolution.parts.slice(0, resolution.failedAt).join('.')}\`)` : '';
    this.findings.push({
      ...base, kind: 'module-not-found', severity,
      message: `module \`${missing}\` not found${where}`,
      ...(suggestion ? { suggestion } : {}),
    });
  }

  /**
   * An unresolvable top-level module is a missing local module (error) when
   * the project once had it or has one with a close name; otherwise it is
   * taken for an undeclared third-party package (warning).
   */
  private async looksLocal(top: string, searchDirs: string[]): Promise<boolean> {
    if (this.analysis.project.installed.has(top) || this.analysis.isThirdPartyName(top)) return false;
    if ((await this.history()).hadModule(top)) return true;
    if ((await this.scriptModulesNamed(top)).length > 0) return true;
    // Short names are too close to everything (`sip` ~ `pip`) to say anything.
    // A close name must also share its start: `alert_manager_core` ~ `alert_manager_compact`, not `flint` ~ `cfnlint`.
    const close = top.length >= 5 ? await this.suggester.module([top], 0, searchDirs, '') : undefined;
    return close !== undefined && close.slice(0, 3) === top.slice(0, 3);
  }

  /** Top-level modules of the project that are off the import roots (`tools/helper.py` run as a script). */
  private async scriptModulesNamed(stem: string): Promise<string[]> {
    const found: string[] = [];
    for (const file of this.filesNamed(stem)) {
      const parts = file.split('/');
      const isInit = /^__init__\.pyi?$/.test(parts[parts.length - 1]!);
      const home = parts.slice(0, isInit ? -2 : -1).join('/');
      const listing = await this.analysis.resolver.listing(home);
      if (!listing.has('__init__.py') && !listing.has('__init__.pyi')) found.push(file);
    }
    return found;
  }

  /** Checked files that are a module `stem` (stem.py, stem/__init__.py), wherever they are. */
  private filesNamed(stem: string): string[] {
    if (!this.stems) {
      this.stems = new Map();
      for (const file of this.ctx.files) {
        const name = moduleStem(file);
        this.stems.set(name, [...(this.stems.get(name) ?? []), file]);
      }
    }
    return this.stems.get(stem) ?? [];
  }

  private async checkAll(file: string, entries: NonNullable<Awaited<ReturnType<PythonAnalysis['info']>>>['all'] & object): Promise<void> {
    const target = await this.analysis.targetOfFile(file);
    const exports = await this.analysis.exportsOf(target);
    if (exports.open) return;
    const submodules = new Set(target.dirs.length > 0 ? await this.analysis.resolver.submodules(target) : []);
    for (const entry of entries) {
      if (exports.names.has(entry.name) || submodules.has(entry.name)) continue;
      const suggestion = await this.suggester.name(target, entry.name, [...exports.names, ...submodules]);
      this.findings.push({
        file: this.rel(file), line: entry.line, column: entry.col, lang: 'py', kind: 'name-not-found', specifier: '__all__',
        name: entry.name, severity: 'error', message: `\`__all__\` lists \`${entry.name}\`, which this module does not define`,
        ...(suggestion ? { suggestion } : {}),
      });
    }
  }

  async checkCritical(entries: readonly CriticalEntry[]): Promise<Finding[]> {
    const findings: Finding[] = [];
    const anchor = `${this.ctx.root}/__netra_critical__.py`;
    for (const entry of entries) {
      const base = { file: '', line: 1, column: 1, lang: 'py' as const, specifier: entry.raw, severity: 'error' as const };
      const resolution = await this.analysis.resolveImport(anchor, { level: 0, module: entry.module });
      if (resolution.kind === 'missing') {
        if (resolution.failedAt === 0 && this.analysis.project.declared.has(resolution.parts[0]!)) continue;
        const suggestion = await this.suggester.module(resolution.parts, resolution.failedAt, resolution.searchDirs, '', entry.name);
        findings.push({ ...base, kind: 'module-not-found', message: `critical module \`${entry.module}\` does not resolve`, ...(suggestion ? { suggestion } : {}) });
        continue;
      }
      if (resolution.kind !== 'local' || !entry.name) continue;
      const exports = await this.analysis.exportsOf(resolution.target);
      if (exports.open || exports.names.has(entry.name)) continue;
      if (resolution.target.dirs.length > 0 && (await this.analysis.resolver.entry(resolution.target.dirs, entry.name))) continue;
      const suggestion = await this.suggester.name(resolution.target, entry.name, exports.names);
      findings.push({
        ...base, kind: 'name-not-found', name: entry.name,
        message: `critical name \`${entry.name}\` is not defined in \`${entry.module}\``, ...(suggestion ? { suggestion } : {}),
      });
    }
    return findings;
  }
}

/**
 * One specifier, from one importing file, to what it refers to: a project
 * file, something outside the project (builtin, declared package, ambient
 * module), or a finding (missing, unlisted). Results are cached per folder,
 * config and mode, since most specifiers repeat across sibling files.
 */
import { closestMatch } from '../suggest.js';
import type { AmbientModules } from './ambient.js';
import { isNodeBuiltin } from './builtins.js';
import type { CachedFs } from './cached-fs.js';
import type { ImportKind } from './module-info.js';
import type { Packages, PackageJson } from './packages.js';
import { resolvePackageMap } from './package-exports.js';
import { baseOf, dirOf, isAbsolute, isWithin, relativeFrom, resolveIn } from './paths.js';
import {
  extensionOf, isDeclarationFile, LENIENT, resolveFile, runtimeSpelling, STRICT, type FileRules,
} from './resolve-file.js';
import { suggestPath } from './suggest-path.js';
import type { PathsEntry, TsConfig, TsConfigs } from './tsconfig.js';

export type Resolution =
  | { kind: 'file'; path: string }
  /** Outside the project or not statically knowable: names from it are never checked. */
  | { kind: 'external' }
  | { kind: 'missing'; message: string; suggestion?: string }
  | { kind: 'unlisted'; packageName: string; message: string; suggestion?: string };

export interface Importer {
  file: string;
  dir: string;
  config: TsConfig | undefined;
  /** The file is an ES module for node16 purposes (.mts/.mjs, or `"type": "module"`). */
  esm: boolean;
  /** A JS file: `./x.js` means that file before its `.ts`/`.d.ts` siblings. */
  jsFirst: boolean;
  /** Resolutions shared by every importer with the same folder, config and kind of file. */
  cache: Map<string, Promise<Resolution>>;
}

/** Folders a package builds into; their files are not in the source tree. */
const BUILD_DIRS = new Set(['dist', 'build', 'lib', 'out', 'esm', 'cjs', 'types', 'dts']);
const EXTERNAL: Resolution = { kind: 'external' };

export class Resolver {
  private readonly caches = new Map<string, Map<string, Promise<Resolution>>>();

  constructor(
    private readonly root: string,
    private readonly fs: CachedFs,
    private readonly tsconfigs: TsConfigs,
    private readonly packages: Packages,
    private readonly ambient: AmbientModules,
  ) {}

  async importer(file: string): Promise<Importer> {
    const dir = dirOf(file);
    const config = await this.tsconfigs.forFile(file);
    let esm = /\.m[jt]s$/.test(file);
    if (!esm && !/\.c[jt]s$/.test(file)) esm = (await this.packages.nearest(dir))?.type === 'module';
    const jsFirst = /\.[mc]?jsx?$/.test(file);
    const key = `${dir}\0${config?.path ?? ''}\0${esm ? 1 : 0}${jsFirst ? 1 : 0}`;
    let cache = this.caches.get(key);
    if (!cache) {
      cache = new Map();
      this.caches.set(key, cache);
    }
    return { file, dir, config, esm, jsFirst, cache };
  }

  resolve(importer: Importer, specifier: string, kind: ImportKind): Promise<Resolution> {
    const mode = importer.config?.mode ?? 'bundler';
    // node16: import() is always ESM; require and `import x = require` always CommonJS.
    const strict = mode === 'node16' && (kind === 'dynamic' ||
      (importer.esm && kind !== 'require' && kind !== 'import-equals'));
    const key = strict ? `s${specifier}` : specifier;
    let cached = importer.cache.get(key);
    if (!cached) {
      const rules = strict ? STRICT : LENIENT;
      cached = this.resolveUncached(importer, specifier, importer.jsFirst ? { ...rules, jsFirst: true } : rules);
      importer.cache.set(key, cached);
    }
    return cached;
  }

  private async resolveUncached(importer: Importer, spec: string, rules: FileRules): Promise<Resolution> {
    if (spec.startsWith('.') || isAbsolute(spec)) return this.relative(importer, spec, rules);
    const config = importer.config;
    if (this.ambient.matches(spec)) return EXTERNAL;
    if (config?.paths) {
      const viaPaths = await this.viaPaths(config.paths.base, config.paths.entries, spec);
      // Like tsc, an alias whose targets all fail falls back to normal resolution when that can
      // work: a catch-all `*` pattern, or a name that is a declared package.
      if (viaPaths) {
        const fallBack = viaPaths.resolution.kind === 'missing' &&
          (viaPaths.catchAll || (await this.declaredPackage(importer, spec)));
        if (!fallBack) return viaPaths.resolution;
      }
    }
    if (spec.startsWith('#')) return this.packageImports(importer, spec);
    if (spec.startsWith('node:')) {
      return isNodeBuiltin(spec.slice(5), true)
        ? EXTERNAL
        : { kind: 'missing', message: `'${spec}' is not a Node.js builtin module` };
    }
    // Other URL-like schemes (virtual:, bun:, https:, data:) belong to tools we cannot see.
    if (/^[a-z][a-z0-9+.-]*:/i.test(spec)) return EXTERNAL;
    if (isNodeBuiltin(spec, false)) return EXTERNAL;
    if (config?.baseUrl !== undefined) {
      const found = await resolveFile(this.fs, resolveIn(config.baseUrl, spec), LENIENT);
      if (found) return { kind: 'file', path: found };
    }
    return this.bare(importer, spec);
  }

  private async relative(importer: Importer, spec: string, rules: FileRules): Promise<Resolution> {
    // Bundler queries (`./icon.svg?react`, `./worker.js?worker`) are not part of the path.
    const written = spec.replace(/\?.*$/, '');
    const target = resolveIn(importer.dir, written === '' ? '.' : written);
    const found = await resolveFile(this.fs, target, rules);
    if (found && !rules.extensionless && /\.[mc]?tsx?$/.test(written) && !isDeclarationFile(written) &&
      importer.config?.tsExtensions === false) {
      // Emitted JS keeps the specifier: `./x.ts` would not exist next to the output.
      return {
        kind: 'missing',
        message: `Cannot find module '${spec}' at run time: a .ts extension needs allowImportingTsExtensions or rewriteRelativeImportExtensions`,
        suggestion: runtimeSpelling(written),
      };
    }
    if (found) return { kind: 'file', path: found };
    for (const from of importer.config?.rootDirs ?? []) {
      if (!isWithin(from, target)) continue;
      const rel = target.slice(from.length);
      for (const to of importer.config?.rootDirs ?? []) {
        const other = to === from ? undefined : await resolveFile(this.fs, to + rel, rules);
        if (other) return { kind: 'file', path: other };
      }
    }
    if (!rules.extensionless) {
      const loose = await resolveFile(this.fs, target, { ...rules, extensionless: true });
      if (loose) {
        let suggestion = runtimeSpelling(relativeFrom(importer.dir, loose));
        if (!suggestion.startsWith('.')) suggestion = `./${suggestion}`;
        return {
          kind: 'missing',
          message: `Cannot find module '${spec}': relative imports in ES modules need the full file name under moduleResolution node16/nodenext`,
          suggestion,
        };
      }
    }
    return this.missing(`Cannot find module '${spec}'`, await suggestPath(this.fs, importer.dir, written));
  }

  private missing(message: string, suggestion: string | undefined): Resolution {
    return suggestion === undefined ? { kind: 'missing', message } : { kind: 'missing', message, suggestion };
  }

  private async declaredPackage(importer: Importer, spec: string): Promise<boolean> {
    const name = packageName(spec);
    return name !== undefined && ((await this.packages.declared(importer.dir))?.has(name) ?? false);
  }

  /** tsconfig `paths`: the most specific matching pattern; all its targets tried in order. */
  private async viaPaths(
    base: string,
    entries: PathsEntry[],
    spec: string,
  ): Promise<{ resolution: Resolution; catchAll: boolean } | undefined> {
    let best: PathsEntry | undefined;
    for (const entry of entries) {
      if (!entry.wildcard) {
        if (spec !== entry.prefix) continue;
        best = entry;
        break;
      }
      const matches = spec.length >= entry.prefix.length + entry.suffix.length &&
        spec.startsWith(entry.prefix) && spec.endsWith(entry.suffix);
      if (matches && (best === undefined || entry.prefix.length > best.prefix.length)) best = entry;
    }
    if (best === undefined) return undefined;
    const star = best.wildcard ? spec.slice(best.prefix.length, spec.length - best.suffix.length) : '';
    const targets = best.targets.map((t) => resolveIn(base, t.split('*').join(star)));
    const catchAll = best.wildcard && best.prefix === '' && best.suffix === '';
    for (const target of targets) {
      const found = await resolveFile(this.fs, target, LENIENT);
      if (found) return { resolution: { kind: 'file', path: found }, catchAll };
    }
    const pattern = best.prefix + (best.wildcard ? `*${best.suffix}` : '');
    const first = targets[0];
    const resolution = this.missing(
      `Cannot find module '${spec}': no target of the tsconfig paths alias '${pattern}' exists`,
      first === undefined ? undefined : await this.suggestSibling(first, spec),
    );
    return { resolution, catchAll };
  }

  /** The specifier with its last segment replaced by the closest sibling of `target`. */
  private async suggestSibling(target: string, spec: string): Promise<string | undefined> {
    const sibling = await suggestPath(this.fs, dirOf(target), `./${baseOf(target)}`);
    return sibling === undefined ? undefined : spec.slice(0, spec.lastIndexOf('/') + 1) + sibling.slice(2);
  }

  private async packageImports(importer: Importer, spec: string): Promise<Resolution> {
    const pkg = await this.packages.nearest(importer.dir);
    if (pkg?.imports === undefined) {
      return { kind: 'missing', message: `Cannot find module '${spec}': the nearest package.json has no "imports"` };
    }
    const result = resolvePackageMap(pkg.imports, spec, true);
    if (result.kind === 'not-exported') {
      return this.missing(
        `Cannot find module '${spec}': not defined in the "imports" of ${this.display(`${pkg.dir}/package.json`)}`,
        closestMatch(spec, result.keys),
      );
    }
    for (const target of result.targets) {
      if (!target.startsWith('./')) return this.bare(importer, target);
      const found = await this.targetToSource(pkg.dir, target);
      if (found) return { kind: 'file', path: found };
    }
    return this.unbuiltOrMissing(pkg, spec, result.targets, 'imports');
  }

  /**
   * No target of an exports/imports entry exists. Build output (dist/…,
   * outDir) is simply not built yet; a source path that is not there is broken.
   */
  private async unbuiltOrMissing(pkg: PackageJson, spec: string, targets: string[], field: string): Promise<Resolution> {
    const config = await this.tsconfigs.forFile(`${pkg.dir}/package.json`);
    const built = targets.some((t) => {
      const abs = resolveIn(pkg.dir, t);
      return BUILD_DIRS.has(abs.slice(pkg.dir.length + 1).split('/')[0] ?? '') ||
        (config?.outDir !== undefined && isWithin(config.outDir, abs));
    });
    if (built || targets.length === 0) return EXTERNAL;
    const first = resolveIn(pkg.dir, targets[0]!);
    return {
      kind: 'missing',
      message: `Cannot find module '${spec}': its target ${this.display(first)} (package.json "${field}") does not exist`,
    };
  }

  private display(path: string): string {
    return isWithin(this.root, path) ? relativeFrom(this.root, path) : path;
  }

  private async bare(importer: Importer, spec: string): Promise<Resolution> {
    const name = packageName(spec);
    if (name === undefined) return EXTERNAL;
    const subpath = spec.length > name.length ? `.${spec.slice(name.length)}` : '.';
    const own = await this.packages.nearest(importer.dir);
    if (own?.name === name) return this.packageEntry(own, spec, subpath);
    const workspaceDir = (await this.packages.workspaces()).get(name);
    if (workspaceDir !== undefined) {
      const pkg = await this.packages.read(workspaceDir);
      if (pkg) return this.packageEntry(pkg, spec, subpath);
    }
    const declared = await this.packages.declared(importer.dir);
    if (declared === undefined || declared.has(name)) return EXTERNAL;
    // `components/Buton` under a baseUrl that has a components/ folder is a broken project path.
    const baseUrl = importer.config?.baseUrl;
    if (baseUrl !== undefined && !spec.startsWith('@') && spec.includes('/') &&
      (await this.fs.isDir(resolveIn(baseUrl, name)))) {
      return this.missing(
        `Cannot find module '${spec}' (relative to the tsconfig baseUrl)`,
        (await suggestPath(this.fs, baseUrl, `./${spec}`))?.slice(2),
      );
    }
    // A typo of a workspace package or a declared dependency is the likelier story.
    const known = closestPackage(name, [...(await this.packages.workspaces()).keys(), ...declared]);
    return {
      kind: 'unlisted',
      packageName: name,
      message: `'${name}' is not declared in the dependencies of the nearest package.json`,
      ...(known === undefined ? {} : { suggestion: spec.replace(name, known) }),
    };
  }

  /** A subpath of a project package (workspace or self-reference), to its source file. */
  private async packageEntry(pkg: PackageJson, spec: string, subpath: string): Promise<Resolution> {
    const label = pkg.name ?? pkg.dir;
    if (pkg.exports !== undefined) {
      const result = resolvePackageMap(pkg.exports, subpath, false);
      if (result.kind === 'not-exported') {
        const suggestion = closestMatch(subpath, result.keys.filter((k) => !k.includes('*')));
        return this.missing(
          `Cannot find module '${spec}': '${subpath}' is not exported by ${label} (package.json "exports")`,
          suggestion === undefined ? undefined : suggestion === '.' ? label : `${label}/${suggestion.slice(2)}`,
        );
      }
      for (const target of result.targets) {
        const found = await this.targetToSource(pkg.dir, target);
        if (found) return { kind: 'file', path: found };
      }
      // Exported, but only as build output that is not there: nothing to check against.
      return this.unbuiltOrMissing(pkg, spec, result.targets.filter((t) => t.startsWith('./')), 'exports');
    }
    if (subpath === '.') {
      for (const entry of pkg.entries) {
        const found = await this.targetToSource(pkg.dir, entry);
        if (found) return { kind: 'file', path: found };
      }
      const found = (await resolveFile(this.fs, pkg.dir, LENIENT)) ??
        (await resolveFile(this.fs, `${pkg.dir}/src/index`, LENIENT));
      return found ? { kind: 'file', path: found } : EXTERNAL;
    }
    const target = resolveIn(pkg.dir, subpath);
    const found = (await resolveFile(this.fs, target, LENIENT)) ?? (await this.targetToSource(pkg.dir, subpath));
    if (found) return { kind: 'file', path: found };
    if (BUILD_DIRS.has(subpath.split('/')[1] ?? '')) return EXTERNAL;
    return this.missing(`Cannot find module '${spec}'`, await this.suggestSibling(target, spec));
  }

  /**
   * A package target such as `./dist/index.js` to the source it is built
   * from: the file itself if present, else through the package's tsconfig
   * outDir/rootDir, else the usual `dist → src` layout.
   */
  private async targetToSource(pkgDir: string, target: string): Promise<string | undefined> {
    const abs = resolveIn(pkgDir, target);
    const direct = await resolveFile(this.fs, abs, extensionOf(abs) === '' ? LENIENT : STRICT);
    if (direct) return direct;
    const candidates: string[] = [];
    const config = await this.tsconfigs.forFile(`${pkgDir}/package.json`);
    if (config?.outDir !== undefined && isWithin(config.outDir, abs) && config.outDir !== abs) {
      const srcRoot = config.rootDir ?? ((await this.fs.isDir(`${pkgDir}/src`)) ? `${pkgDir}/src` : pkgDir);
      candidates.push(`${srcRoot}/${abs.slice(config.outDir.length + 1)}`);
    }
    const segments = abs.slice(pkgDir.length + 1).split('/');
    if (BUILD_DIRS.has(segments[0] ?? '')) {
      const rest = segments.slice(1);
      candidates.push(`${pkgDir}/src/${rest.join('/')}`, `${pkgDir}/${rest.join('/')}`);
      if (BUILD_DIRS.has(rest[0] ?? '')) candidates.push(`${pkgDir}/src/${rest.slice(1).join('/')}`);
    }
    for (const candidate of candidates) {
      const spelled = runtimeSpelling(candidate);
      const found = await resolveFile(this.fs, spelled, extensionOf(spelled) === '' ? LENIENT : STRICT);
      if (found) return found;
    }
    return undefined;
  }
}

/** `lodash` of `lodash/fp`, `@scope/pkg` of `@scope/pkg/sub`; undefined when malformed. */
function packageName(spec: string): string | undefined {
  const parts = spec.split('/');
  const length = spec.startsWith('@') ? 2 : 1;
  if (parts.length < length || parts.slice(0, length).some((p) => p === '')) return undefined;
  return parts.slice(0, length).join('/');
}

/** Closest package name, comparing names within the same scope (a shared `@scope/` says nothing). */
function closestPackage(name: string, candidates: string[]): string | undefined {
  const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/') + 1) : '';
  const local = candidates.filter((c) => (scope === '' ? !c.startsWith('@') : c.startsWith(scope)));
  const match = closestMatch(name.slice(scope.length), local.map((c) => c.slice(scope.length)));
  return match === undefined ? undefined : scope + match;
}

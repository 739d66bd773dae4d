/**
 * The tsconfig.json that governs a file: the nearest one up the tree, or,
 * for a solution-style config (`references`, Vite's tsconfig.app.json …),
 * the referenced project whose include covers the file. `extends` chains
 * (relative, package and arrays) are merged, and path-valued options are made
 * absolute relative to the config that declared them, as tsc does.
 */
import type { CachedFs } from './cached-fs.js';
import { isRecord, stringArray } from './jsonc.js';
import { ancestors, dirOf, isAbsolute, resolveIn } from './paths.js';

/** How relative specifiers must be written: node16 wants extensions in ESM, the others do not. */
export type ResolutionMode = 'bundler' | 'node16' | 'node10';

export interface PathsEntry {
  /** Text before the `*` (the whole pattern when there is none). */
  prefix: string;
  suffix: string;
  wildcard: boolean;
  targets: string[];
}

export interface TsConfig {
  /** Absolute path of the tsconfig file. */
  path: string;
  mode: ResolutionMode;
  baseUrl?: string;
  /** `paths`, with the folder its targets are relative to. */
  paths?: { base: string; entries: PathsEntry[] };
  rootDirs: string[];
  customConditions: string[];
  /** `allowImportingTsExtensions` or `rewriteRelativeImportExtensions`: `./x.ts` may be written. */
  tsExtensions: boolean;
  outDir?: string;
  rootDir?: string;
}

interface RawConfig {
  options: Record<string, unknown>;
  pathsDir?: string;
  include?: string[];
  files?: string[];
  exclude?: string[];
  references: string[];
}

interface LoadedConfig extends TsConfig {
  covers(file: string): boolean;
  references: string[];
}

const PATH_OPTIONS = new Set(['baseUrl', 'outDir', 'rootDir']);
const CONFIG_DIR = '${configDir}';

export class TsConfigs {
  private readonly nearestByDir = new Map<string, Promise<string | undefined>>();
  private readonly loaded = new Map<string, Promise<LoadedConfig>>();

  constructor(
    private readonly fs: CachedFs,
    private readonly root: string,
  ) {}

  /** The config governing `file`, or undefined when no tsconfig.json is above it (up to the root). */
  async forFile(file: string): Promise<TsConfig | undefined> {
    const nearest = await this.nearest(dirOf(file));
    if (nearest === undefined) return undefined;
    const config = await this.load(nearest);
    if (config.references.length === 0 || config.covers(file)) return config;
    for (const ref of config.references) {
      const referenced = await this.load(ref);
      if (referenced.covers(file)) return referenced;
    }
    return config;
  }

  private nearest(dir: string): Promise<string | undefined> {
    let cached = this.nearestByDir.get(dir);
    if (!cached) {
      cached = (async () => {
        // jsconfig.json is the same file for JavaScript projects (Next.js and VS Code read its paths).
        for (const name of ['tsconfig.json', 'jsconfig.json']) {
          const candidate = `${dir}/${name}`;
          if (await this.fs.isFile(candidate)) return candidate;
        }
        const parent = dirOf(dir);
        return dir === this.root || parent === dir ? undefined : this.nearest(parent);
      })();
      this.nearestByDir.set(dir, cached);
    }
    return cached;
  }

  private load(path: string): Promise<LoadedConfig> {
    let cached = this.loaded.get(path);
    if (!cached) {
      cached = this.loadRaw(path, new Set()).then((raw) => finalize(path, raw));
      this.loaded.set(path, cached);
    }
    return cached;
  }

  private async loadRaw(path: string, seen: Set<string>): Promise<RawConfig> {
    seen.add(path);
    const json = await this.fs.readJson(path);
    const dir = dirOf(path);
    const raw: RawConfig = { options: {}, references: [] };
    if (!isRecord(json)) return raw;
    for (const ext of stringArray(json['extends'])) {
      const extPath = await this.resolveExtends(dir, ext);
      if (extPath === undefined || seen.has(extPath)) continue;
      const base = await this.loadRaw(extPath, seen);
      raw.options = { ...raw.options, ...base.options };
      raw.pathsDir = base.pathsDir ?? raw.pathsDir;
      raw.include = base.include ?? raw.include;
      raw.files = base.files ?? raw.files;
      raw.exclude = base.exclude ?? raw.exclude;
    }
    const own = isRecord(json['compilerOptions']) ? json['compilerOptions'] : {};
    for (const [key, value] of Object.entries(own)) {
      if (PATH_OPTIONS.has(key) && typeof value === 'string') raw.options[key] = resolveOption(dir, value);
      else if (key === 'rootDirs') raw.options[key] = stringArray(value).map((v) => resolveOption(dir, v));
      else raw.options[key] = value;
      if (key === 'paths') raw.pathsDir = dir;
    }
    if (Array.isArray(json['include'])) raw.include = stringArray(json['include']).map((p) => resolveIn(dir, p));
    if (Array.isArray(json['files'])) raw.files = stringArray(json['files']).map((p) => resolveIn(dir, p));
    if (Array.isArray(json['exclude'])) raw.exclude = stringArray(json['exclude']).map((p) => resolveIn(dir, p));
    if (Array.isArray(json['references'])) {
      for (const ref of json['references']) {
        if (!isRecord(ref) || typeof ref['path'] !== 'string') continue;
        const target = resolveIn(dir, ref['path']);
        raw.references.push(target.endsWith('.json') ? target : `${target}/tsconfig.json`);
      }
    }
    return raw;
  }

  private async resolveExtends(dir: string, ext: string): Promise<string | undefined> {
    const candidates: string[] = [];
    if (ext.startsWith('.') || isAbsolute(ext)) {
      const base = resolveIn(dir, ext);
      candidates.push(base, `${base}.json`, `${base}/tsconfig.json`);
    } else {
      // A package: look in node_modules up the tree (absent when not installed; then ignored).
      for (const d of ancestors(dir, '/')) {
        const base = `${d}/node_modules/${ext}`;
        candidates.push(base, `${base}.json`, `${base}/tsconfig.json`);
      }
    }
    for (const candidate of candidates) if (await this.fs.isFile(candidate)) return candidate;
    return undefined;
  }
}

/** Relative to the declaring config, except `${configDir}` (TS 5.5), which means the final config's folder. */
function resolveOption(dir: string, value: string): string {
  return value.startsWith(CONFIG_DIR) ? value : resolveIn(dir, value);
}

function finalize(path: string, raw: RawConfig): LoadedConfig {
  const o = raw.options;
  const configDir = (v: string): string => (v.startsWith(CONFIG_DIR) ? resolveIn(dirOf(path), `.${v.slice(CONFIG_DIR.length)}`) : v);
  const str = (key: string): string | undefined => (typeof o[key] === 'string' ? configDir(o[key] as string) : undefined);
  const baseUrl = str('baseUrl');
  const config: LoadedConfig = {
    path,
    mode: modeOf(str('moduleResolution'), str('module')),
    rootDirs: stringArray(o['rootDirs']).map(configDir),
    customConditions: stringArray(o['customConditions']),
    tsExtensions: o['allowImportingTsExtensions'] === true || o['rewriteRelativeImportExtensions'] === true,
    references: raw.references,
    covers: coverage(raw, dirOf(path)),
  };
  if (baseUrl !== undefined) config.baseUrl = baseUrl;
  const outDir = str('outDir');
  if (outDir !== undefined) config.outDir = outDir;
  const rootDir = str('rootDir');
  if (rootDir !== undefined) config.rootDir = rootDir;
  if (isRecord(o['paths'])) {
    const entries: PathsEntry[] = [];
    for (const [pattern, targets] of Object.entries(o['paths'])) {
      const star = pattern.indexOf('*');
      entries.push({
        prefix: star < 0 ? pattern : pattern.slice(0, star),
        suffix: star < 0 ? '' : pattern.slice(star + 1),
        wildcard: star >= 0,
        targets: stringArray(targets).map(configDir),
      });
    }
    config.paths = { base: baseUrl ?? raw.pathsDir ?? dirOf(path), entries };
  }
  return config;
}

function modeOf(moduleResolution: string | undefined, module: string | undefined): ResolutionMode {
  const mr = moduleResolution?.toLowerCase();
  if (mr === 'node16' || mr === 'nodenext') return 'node16';
  if (mr === 'bundler') return 'bundler';
  if (mr !== undefined) return 'node10';
  const m = module?.toLowerCase();
  if (m === 'node16' || m === 'nodenext' || m === 'node18' || m === 'node20') return 'node16';
  if (m === 'preserve') return 'bundler';
  return m === undefined ? 'bundler' : 'node10';
}

function coverage(raw: RawConfig, dir: string): (file: string) => boolean {
  const files = new Set(raw.files ?? []);
  const patterns = raw.include ?? (raw.files === undefined ? [`${dir}/**/*`] : []);
  const include = patterns.map(globToRegExp);
  const exclude = (raw.exclude ?? []).map(globToRegExp);
  return (file) =>
    files.has(file) || (include.some((re) => re.test(file)) && !exclude.some((re) => re.test(file)));
}

/** tsconfig include/exclude globs (`**`, `*`, `?`; a pattern without a wildcard or extension is a folder). */
export function globToRegExp(pattern: string): RegExp {
  const last = pattern.slice(pattern.lastIndexOf('/') + 1);
  const folder = !/[*?]/.test(last) && !last.includes('.');
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      re += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += /[.+^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${re}${folder ? '(?:/.*)?' : ''}$`);
}

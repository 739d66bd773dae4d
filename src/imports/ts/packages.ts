/**
 * package.json facts the resolver needs: the nearest package of a file (its
 * `type`, `imports`, own name), the dependencies declared from a file up to
 * the project root (hoisting makes an ancestor's dependency importable), and
 * the workspace packages of npm/yarn `workspaces` and pnpm-workspace.yaml.
 */
import type { CachedFs } from './cached-fs.js';
import { isRecord, stringArray } from './jsonc.js';
import { dirOf } from './paths.js';

export interface PackageJson {
  /** Folder of the package.json. */
  dir: string;
  name?: string;
  type?: string;
  exports?: unknown;
  imports?: unknown;
  /** `types`, `typings`, `module`, `main` in that order of preference, when set. */
  entries: string[];
  dependencies: Set<string>;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
const ENTRY_FIELDS = ['types', 'typings', 'module', 'main'];
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

export class Packages {
  private readonly byDir = new Map<string, Promise<PackageJson | undefined>>();
  private readonly nearestByDir = new Map<string, Promise<PackageJson | undefined>>();
  private readonly declaredByDir = new Map<string, Promise<Set<string> | undefined>>();
  private workspaceMap: Promise<Map<string, string>> | undefined;

  constructor(
    private readonly fs: CachedFs,
    private readonly root: string,
  ) {}

  /** The package.json in `dir` itself. */
  read(dir: string): Promise<PackageJson | undefined> {
    let cached = this.byDir.get(dir);
    if (!cached) {
      cached = this.fs.readJson(`${dir}/package.json`).then((json) => (isRecord(json) ? toPackage(dir, json) : undefined));
      this.byDir.set(dir, cached);
    }
    return cached;
  }

  /** The package.json nearest above `dir` (up to the project root). */
  nearest(dir: string): Promise<PackageJson | undefined> {
    let cached = this.nearestByDir.get(dir);
    if (!cached) {
      cached = this.read(dir).then((own) => {
        const parent = dirOf(dir);
        if (own || dir === this.root || parent === dir) return own;
        return this.nearest(parent);
      });
      this.nearestByDir.set(dir, cached);
    }
    return cached;
  }

  /** Dependency names declared from `dir` up to the root; undefined when there is no package.json at all. */
  declared(dir: string): Promise<Set<string> | undefined> {
    let cached = this.declaredByDir.get(dir);
    if (!cached) {
      cached = (async () => {
        const own = await this.read(dir);
        const parent = dirOf(dir);
        const above = dir === this.root || parent === dir ? undefined : await this.declared(parent);
        if (!own) return above;
        const all = new Set(above);
        for (const name of own.dependencies) all.add(name);
        if (own.name !== undefined) all.add(own.name);
        return all;
      })();
      this.declaredByDir.set(dir, cached);
    }
    return cached;
  }

  /** Workspace package name → folder, from the root's package.json and pnpm-workspace.yaml. */
  workspaces(): Promise<Map<string, string>> {
    this.workspaceMap ??= this.discoverWorkspaces();
    return this.workspaceMap;
  }

  private async discoverWorkspaces(): Promise<Map<string, string>> {
    const patterns: string[] = [];
    const rootJson = await this.fs.readJson(`${this.root}/package.json`);
    if (isRecord(rootJson)) {
      const ws = rootJson['workspaces'];
      patterns.push(...stringArray(isRecord(ws) ? ws['packages'] : ws));
    }
    const yaml = await this.fs.readText(`${this.root}/pnpm-workspace.yaml`);
    if (yaml !== undefined) patterns.push(...pnpmPackages(yaml));
    const include = patterns.filter((p) => !p.startsWith('!'));
    const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1).replace(/^\.\//, ''));
    const dirs = new Set<string>();
    for (const pattern of include) {
      const segments = pattern.replace(/^\.\//, '').replace(/\/$/, '').split('/');
      await this.expand(this.root, segments, dirs);
    }
    const map = new Map<string, string>();
    for (const dir of dirs) {
      const rel = dir.slice(this.root.length + 1);
      if (exclude.some((p) => globMatch(p, rel))) continue;
      const pkg = await this.read(dir);
      if (pkg?.name !== undefined && !map.has(pkg.name)) map.set(pkg.name, dir);
    }
    return map;
  }

  private async expand(dir: string, segments: string[], out: Set<string>): Promise<void> {
    const [head, ...rest] = segments;
    if (head === undefined) {
      out.add(dir);
      return;
    }
    if (head === '**') {
      await this.expand(dir, rest, out);
      for (const sub of await this.subdirs(dir)) await this.expand(`${dir}/${sub}`, segments, out);
      return;
    }
    if (!/[*?]/.test(head)) {
      if (await this.fs.isDir(`${dir}/${head}`)) await this.expand(`${dir}/${head}`, rest, out);
      return;
    }
    for (const sub of await this.subdirs(dir)) {
      if (globMatch(head, sub)) await this.expand(`${dir}/${sub}`, rest, out);
    }
  }

  private async subdirs(dir: string): Promise<string[]> {
    const listing = await this.fs.list(dir);
    if (!listing) return [];
    const out: string[] = [];
    for (const name of listing.keys()) {
      if (SKIPPED_FOLDERS.has(name) || name.startsWith('.')) continue;
      if (await this.fs.isDir(`${dir}/${name}`)) out.push(name);
    }
    return out;
  }
}

function toPackage(dir: string, json: Record<string, unknown>): PackageJson {
  const dependencies = new Set<string>();
  for (const field of DEPENDENCY_FIELDS) {
    const deps = json[field];
    if (!isRecord(deps)) continue;
    for (const name of Object.keys(deps)) {
      dependencies.add(name);
      // `@types/x` declares `x`; `@types/scope__pkg` declares `@scope/pkg`.
      if (name.startsWith('@types/')) {
        const typed = name.slice(7);
        dependencies.add(typed.includes('__') ? `@${typed.replace('__', '/')}` : typed);
      }
    }
  }
  const pkg: PackageJson = {
    dir,
    entries: ENTRY_FIELDS.map((f) => json[f]).filter((v): v is string => typeof v === 'string'),
    dependencies,
  };
  if (typeof json['name'] === 'string') pkg.name = json['name'];
  if (typeof json['type'] === 'string') pkg.type = json['type'];
  if (json['exports'] !== undefined) pkg.exports = json['exports'];
  if (json['imports'] !== undefined) pkg.imports = json['imports'];
  return pkg;
}

/** The `packages:` list of a pnpm-workspace.yaml (the only key we need; no YAML library). */
export function pnpmPackages(yaml: string): string[] {
  const out: string[] = [];
  let inPackages = false;
  for (const line of yaml.split(/\r?\n/)) {
    const text = line.replace(/\s+#.*$/, '');
    if (/^packages\s*:/.test(text)) {
      inPackages = true;
      const inline = /\[(.*)\]/.exec(text);
      if (inline) out.push(...inline[1]!.split(',').map(unquote).filter(Boolean));
      continue;
    }
    if (!inPackages || text.trim() === '') continue;
    const item = /^\s+-\s*(.+)$/.exec(text);
    if (item) out.push(unquote(item[1]!));
    else if (!/^\s/.test(text)) inPackages = false;
  }
  return out;
}

function unquote(value: string): string {
  return value.trim().replace(/^['"]|['"]$/g, '');
}

/** Workspace globs: `*` within a segment, `**` across segments. */
function globMatch(pattern: string, path: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\/?/g, '\u0000')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
    .replace(/\u0000/g, '(?:.*/)?');
  return new RegExp(`^${re}$`).test(path);
}

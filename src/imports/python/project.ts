/**
 * What a Python project declares about itself, read from its files without
 * running Python: import roots (flat and src layouts, setuptools/hatch/
 * poetry/pdm settings, pytest pythonpath, every workspace member with its own
 * pyproject) and declared third-party dependencies (PEP 621, extras,
 * dependency groups, Poetry, uv/pdm dev deps, requirements files with -r,
 * setup.cfg, setup.py, Pipfile).
 */
import { listEntries } from '../list-entries.js';
import type { DirEntry, ImportsFs } from '../model.js';
import { isSkippedDir } from '../walk/walker.js';
import { importNamesOf } from './dist-names.js';
import { parseToml, tomlGet, tomlStrings, tomlTable, type TomlTable, type TomlValue } from './toml.js';

export interface PythonProject {
  /** Absolute import roots, in sys.path order. */
  roots: string[];
  /** Import names provided by declared distributions. */
  declared: Set<string>;
  /** Top-level names installed in a project virtualenv (third-party, maybe undeclared). */
  installed: Set<string>;
}

const MANIFESTS = ['pyproject.toml', 'setup.cfg', 'setup.py', 'Pipfile'];
const MAX_DEPTH = 4;

export async function discoverProject(fs: ImportsFs, root: string): Promise<PythonProject> {
  const project: PythonProject = { roots: [], declared: new Set(), installed: new Set() };
  const addRoot = async (dir: string): Promise<void> => {
    const clean = dir.replace(/\/+$/, '').replace(/\/\.$/, '');
    if (!project.roots.includes(clean) && (await fs.isDir(clean))) project.roots.push(clean);
  };
  await addRoot(root);
  const dirs = await projectDirs(fs, root);
  for (const dir of dirs) {
    // A manifest inside a regular package (IPython/testing/plugin/setup.py) does not make an import root.
    if (!(await fs.isFile(`${dir}/__init__.py`))) await addRoot(dir);
    await addRoot(`${dir}/src`);
    const pyproject = await fs.readFile(`${dir}/pyproject.toml`);
    if (pyproject !== undefined) {
      const toml = parseToml(pyproject);
      for (const sub of pyprojectRoots(toml)) await addRoot(`${dir}/${sub}`);
      for (const dist of pyprojectDependencies(toml)) declare(project, dist);
    }
    const setupCfg = await fs.readFile(`${dir}/setup.cfg`);
    if (setupCfg !== undefined) {
      const packageDir = /^\s*package_dir\s*=\s*(?:\n\s*)?=\s*(\S+)/m.exec(setupCfg);
      if (packageDir) await addRoot(`${dir}/${packageDir[1]}`);
      for (const dist of iniListValues(setupCfg, ['install_requires', 'tests_require'])) declare(project, dist);
      for (const line of sectionLines(setupCfg, 'options.extras_require')) declare(project, line.replace(/^[^=]*=/, ''));
    }
    const setupPy = await fs.readFile(`${dir}/setup.py`);
    if (setupPy !== undefined) {
      for (const block of setupPy.matchAll(/(?:install_requires|tests_require|extras_require)\s*=\s*([[{][\s\S]*?[\]}])\s*[,)]/g)) {
        for (const literal of block[1]!.matchAll(/["']([^"'\n]+)["']/g)) declare(project, literal[1]!);
      }
    }
    const pipfile = await fs.readFile(`${dir}/Pipfile`);
    if (pipfile !== undefined) {
      const toml = parseToml(pipfile);
      for (const key of ['packages', 'dev-packages']) for (const dist of Object.keys(tomlTable(toml[key]) ?? {})) declare(project, dist);
    }
    for (const file of await requirementFiles(fs, dir)) await readRequirements(fs, file, project, new Set());
  }
  await findInstalled(fs, root, project.installed);
  return project;
}

function declare(project: PythonProject, requirement: string): void {
  const name = requirementName(requirement);
  if (name && name.toLowerCase() !== 'python') for (const importName of importNamesOf(name)) project.declared.add(importName);
}

/** `requests[socks]>=2; python_version<'3.9'` → `requests`; `-e git+…#egg=foo` → `foo`. */
export function requirementName(line: string): string | undefined {
  const text = line.replace(/\s+#.*$/, '').trim();
  const egg = /#egg=([A-Za-z0-9._-]+)/.exec(text);
  if (egg) return egg[1];
  if (text === '' || text.startsWith('-') || text.startsWith('#')) return undefined;
  return /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(text)?.[1];
}

/** Folders holding a Python manifest, the root first, down to a few levels (workspace members). */
async function projectDirs(fs: ImportsFs, root: string): Promise<string[]> {
  const found: string[] = [root];
  let level = [root];
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      const entries = await list(fs, dir);
      if (dir !== root && entries.some((e) => !e.dir && MANIFESTS.includes(e.name))) found.push(dir);
      if (entries.some((e) => e.name === 'pyvenv.cfg')) continue;
      for (const entry of entries) {
        if (entry.dir && !entry.name.startsWith('.') && !isSkippedDir(entry.name)) next.push(`${dir}/${entry.name}`);
      }
    }
    level = next;
  }
  return found;
}

async function list(fs: ImportsFs, dir: string): Promise<DirEntry[]> {
  return (await listEntries(fs, dir)) ?? [];
}

function pyprojectRoots(toml: TomlTable): string[] {
  const roots: string[] = [];
  roots.push(...tomlStrings(tomlGet(toml, 'tool', 'setuptools', 'packages', 'find', 'where')));
  const packageDir = tomlTable(tomlGet(toml, 'tool', 'setuptools', 'package-dir'));
  if (typeof packageDir?.[''] === 'string') roots.push(packageDir['']);
  for (const target of ['wheel', 'sdist']) {
    for (const pkg of tomlStrings(tomlGet(toml, 'tool', 'hatch', 'build', 'targets', target, 'packages'))) roots.push(parentOf(pkg));
  }
  for (const pkg of tomlStrings(tomlGet(toml, 'tool', 'hatch', 'build', 'packages'))) roots.push(parentOf(pkg));
  const poetryPackages = tomlGet(toml, 'tool', 'poetry', 'packages');
  if (Array.isArray(poetryPackages)) {
    for (const entry of poetryPackages) {
      const from = tomlTable(entry)?.['from'];
      if (typeof from === 'string') roots.push(from);
    }
  }
  const pdm = tomlGet(toml, 'tool', 'pdm', 'build', 'package-dir');
  if (typeof pdm === 'string') roots.push(pdm);
  roots.push(...tomlStrings(tomlGet(toml, 'tool', 'pytest', 'ini_options', 'pythonpath')));
  roots.push(...tomlStrings(tomlGet(toml, 'tool', 'mypy', 'mypy_path')).flatMap((p) => p.split(/[,:]/)));
  return roots.map((r) => r.replace(/^\.\/?/, '')).filter((r) => r !== '' && !r.startsWith('$'));
}

function parentOf(path: string): string {
  const clean = path.replace(/^\.\//, '').replace(/\/$/, '');
  const slash = clean.lastIndexOf('/');
  return slash === -1 ? '' : clean.slice(0, slash);
}

function pyprojectDependencies(toml: TomlTable): string[] {
  const deps: string[] = [];
  const name = tomlGet(toml, 'project', 'name');
  if (typeof name === 'string') deps.push(name);
  deps.push(...tomlStrings(tomlGet(toml, 'project', 'dependencies')));
  // The build backend (setuptools, hatchling, …) is what setup.py and build hooks import.
  deps.push(...tomlStrings(tomlGet(toml, 'build-system', 'requires')));
  for (const group of Object.values(tomlTable(tomlGet(toml, 'project', 'optional-dependencies')) ?? {})) deps.push(...tomlStrings(group));
  for (const group of Object.values(tomlTable(toml['dependency-groups']) ?? {})) deps.push(...tomlStrings(group));
  const poetry = tomlTable(tomlGet(toml, 'tool', 'poetry'));
  const poetryName = poetry?.['name'];
  if (typeof poetryName === 'string') deps.push(poetryName);
  const keysOf = (value: TomlValue | undefined): string[] => Object.keys(tomlTable(value) ?? {});
  deps.push(...keysOf(poetry?.['dependencies']), ...keysOf(poetry?.['dev-dependencies']));
  for (const group of Object.values(tomlTable(poetry?.['group']) ?? {})) deps.push(...keysOf(tomlTable(group)?.['dependencies']));
  deps.push(...tomlStrings(tomlGet(toml, 'tool', 'uv', 'dev-dependencies')));
  for (const group of Object.values(tomlTable(tomlGet(toml, 'tool', 'pdm', 'dev-dependencies')) ?? {})) deps.push(...tomlStrings(group));
  return deps;
}

async function requirementFiles(fs: ImportsFs, dir: string): Promise<string[]> {
  const files: string[] = [];
  const isRequirements = (name: string): boolean => /^(?:.*-)?requirements.*\.(?:txt|in)$/i.test(name) || /^constraints.*\.txt$/i.test(name);
  for (const entry of await list(fs, dir)) {
    if (!entry.dir && isRequirements(entry.name)) files.push(`${dir}/${entry.name}`);
    if (entry.dir && /^requirements$/i.test(entry.name)) {
      for (const inner of await list(fs, `${dir}/${entry.name}`)) {
        if (!inner.dir && /\.(?:txt|in)$/.test(inner.name)) files.push(`${dir}/${entry.name}/${inner.name}`);
      }
    }
  }
  return files;
}

async function readRequirements(fs: ImportsFs, file: string, project: PythonProject, seen: Set<string>): Promise<void> {
  if (seen.has(file)) return;
  seen.add(file);
  const text = await fs.readFile(file);
  if (text === undefined) return;
  const dir = file.slice(0, file.lastIndexOf('/'));
  for (const raw of text.split(/\r?\n/)) {
    const include = /^\s*(?:-r|--requirement|-c|--constraint)[\s=]+(\S+)/.exec(raw);
    if (include) await readRequirements(fs, include[1]!.startsWith('/') ? include[1]! : `${dir}/${include[1]}`, project, seen);
    else declare(project, raw);
  }
}

/** `key = a\n  b` values of an ini file (setup.cfg). */
function iniListValues(text: string, keys: readonly string[]): string[] {
  const values: string[] = [];
  for (const key of keys) {
    const match = new RegExp(`^${key}\\s*=([^\\n]*(?:\\n[ \\t]+[^\\n]*)*)`, 'm').exec(text);
    if (match) values.push(...match[1]!.split(/[\n;]/).map((v) => v.trim()).filter(Boolean));
  }
  return values;
}

function sectionLines(text: string, section: string): string[] {
  const start = text.indexOf(`[${section}]`);
  if (start === -1) return [];
  const body = text.slice(start + section.length + 2);
  const end = body.search(/^\[/m);
  return (end === -1 ? body : body.slice(0, end)).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

async function findInstalled(fs: ImportsFs, root: string, into: Set<string>): Promise<void> {
  for (const venv of ['.venv', 'venv', 'env', '.env']) {
    if (!(await fs.isFile(`${root}/${venv}/pyvenv.cfg`))) continue;
    const libs = [`${root}/${venv}/Lib/site-packages`];
    for (const entry of await list(fs, `${root}/${venv}/lib`)) libs.push(`${root}/${venv}/lib/${entry.name}/site-packages`);
    for (const lib of libs) {
      for (const entry of await list(fs, lib)) {
        if (/\.(?:dist|egg)-info$|^__pycache__$|\.pth$/.test(entry.name)) continue;
        into.add(entry.name.replace(/\.(?:py|pyi)$/, '').replace(/\..*\.(?:so|pyd)$/, ''));
      }
    }
  }
}

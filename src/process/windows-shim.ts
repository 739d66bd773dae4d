/**
 * Finding the file Windows would run for a command name, and deciding how to
 * start it. libuv (and so Node and execa without a shell) only tries `.com`
 * and `.exe` when a name has no extension, so `npm` would not be found:
 * it is `npm.cmd`, a batch shim, like npx, pnpm, yarn and every
 * node_modules\.bin entry. Names are looked up as cmd.exe does, through PATH
 * × PATHEXT, and anything that is not a .com/.exe is started through cmd.exe
 * (a .cmd/.bat must be, since CVE-2024-27980; other registered types such as
 * .js or .vbs are opened by their file association).
 */
import path from 'node:path';
import { NetraError } from '../shared/errors.js';
import { cmdArgs, cmdProgramLine } from './windows-cmd.js';
import { readWindowsEnv } from './windows-env.js';

const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';
const win32 = path.win32;

export interface ResolveOptions {
  /** The child's environment (PATH and PATHEXT are read case-insensitively). */
  env: Readonly<Record<string, string>>;
  /** The child's working directory, for names with a directory part (`.\bin\run.cmd`). */
  cwd: string | undefined;
  /** True when a regular file exists at the path (injected: Windows paths are tested on Linux). */
  pathExists: (file: string) => boolean;
}

/**
 * The file a command name runs, or undefined when there is none. A bare name
 * is searched in PATH only, not in the working directory first as cmd.exe
 * does: a checkout must not be able to shadow `npm` or `node` (as with
 * NoDefaultCurrentDirectoryInExePath, and like execvp on POSIX). A name with a
 * directory part is taken relative to `cwd`.
 */
export function resolveWindowsCommand(name: string, options: ResolveOptions): string | undefined {
  const extensions = pathExtensions(options.env);
  const hasDirectory = /[\\/]/.test(name);
  const directories = hasDirectory ? [''] : searchPath(options.env);
  // Like node-which: a name that already has an extension is tried as is
  // first; a name without one only with each PATHEXT extension (as cmd).
  const suffixes = win32.extname(name) === '' ? extensions : ['', ...extensions];
  for (const directory of directories) {
    // A relative PATH entry means the same for the child as for cmd: relative to its cwd.
    const base = absolute(hasDirectory ? name : win32.join(directory, name), options.cwd);
    for (const suffix of suffixes) {
      const candidate = base + suffix;
      if (options.pathExists(candidate)) return candidate;
    }
  }
  return undefined;
}

export interface WindowsCommand {
  file: string;
  args: string[];
  /** True when `file` is cmd.exe with a prepared `/c` line (spawned with verbatim arguments). */
  shell: boolean;
}

/** How to start an argv command on Windows: the program itself, or cmd.exe for shims and scripts. */
export function windowsArgvCommand(argv: readonly string[], options: ResolveOptions): WindowsCommand {
  const [name, ...args] = argv;
  if (name === undefined || name === '') return { file: '', args, shell: false };
  const resolved = resolveWindowsCommand(name, options);
  if (resolved === undefined) {
    throw new NetraError(
      'SPAWN_FAILED',
      `command not found: ${name} (searched ${/[\\/]/.test(name) ? 'its directory' : 'PATH'} with PATHEXT ${pathExtensions(options.env).join(';')})`,
    );
  }
  const extension = win32.extname(resolved).toLowerCase();
  if (extension === '.exe' || extension === '.com') return { file: resolved, args, shell: false };
  const isBatch = extension === '.cmd' || extension === '.bat';
  return { file: comspec(options.env), args: cmdArgs(cmdProgramLine(resolved, args, isBatch)), shell: true };
}

/** A config's shell string means what an npm script means on Windows: a cmd.exe command line, as written. */
export function windowsShellCommand(command: string, env: Readonly<Record<string, string>>): WindowsCommand {
  return { file: comspec(env), args: cmdArgs(command), shell: true };
}

/**
 * cmd.exe by absolute path, so PATH cannot substitute another one. ComSpec
 * is used only when it names cmd.exe: the line is built for cmd's rules.
 */
export function comspec(env: Readonly<Record<string, string>>): string {
  const fromEnv = readWindowsEnv(env, 'ComSpec');
  if (fromEnv !== undefined && /(^|\\)cmd\.exe$/i.test(fromEnv)) return fromEnv;
  const systemRoot = readWindowsEnv(env, 'SystemRoot');
  return systemRoot === undefined ? 'cmd.exe' : win32.join(systemRoot, 'System32', 'cmd.exe');
}

function pathExtensions(env: Readonly<Record<string, string>>): string[] {
  const extensions = (readWindowsEnv(env, 'PATHEXT') ?? DEFAULT_PATHEXT)
    .split(';')
    .map((extension) => extension.trim())
    .filter((extension) => extension.startsWith('.'));
  return extensions.length > 0 ? extensions : DEFAULT_PATHEXT.split(';');
}

/** PATH entries; an entry may be quoted (`"C:\Program Files\x"`), empty entries are skipped. */
function searchPath(env: Readonly<Record<string, string>>): string[] {
  return (readWindowsEnv(env, 'PATH') ?? '')
    .split(';')
    .map((entry) => entry.trim().replace(/^"(.*)"$/, '$1'))
    .filter((entry) => entry.length > 0);
}

function absolute(name: string, cwd: string | undefined): string {
  const normalized = win32.normalize(name);
  if (win32.isAbsolute(normalized) || cwd === undefined) return normalized;
  return win32.join(cwd, normalized);
}

import { describe, expect, it } from 'vitest';
import { isNetraError } from '../../../src/shared/errors.js';
import { comspec, resolveWindowsCommand, windowsArgvCommand, windowsShellCommand } from '../../../src/process/windows-shim.js';
import { simulateCmd } from './cmd-model.js';

/** A Windows file system as a set of paths, compared case-insensitively as NTFS does. */
function files(...paths: string[]): { pathExists: (file: string) => boolean; asked: string[] } {
  const present = new Set(paths.map((path) => path.toLowerCase()));
  const asked: string[] = [];
  return {
    asked,
    pathExists: (file) => {
      asked.push(file);
      return present.has(file.toLowerCase());
    },
  };
}

const env = {
  Path: 'C:\\Windows\\system32;"C:\\Program Files\\nodejs";;C:\\Users\\dev\\AppData\\Roaming\\npm',
  PATHEXT: '.COM;.EXE;.BAT;.CMD;.VBS;.JS',
  SystemRoot: 'C:\\Windows',
  ComSpec: 'C:\\Windows\\system32\\cmd.exe',
};
const CMD = 'C:\\Windows\\system32\\cmd.exe';

describe('resolveWindowsCommand', () => {
  it.each([
    ['npm', 'C:\\Program Files\\nodejs\\npm.cmd'],
    ['npx', 'C:\\Program Files\\nodejs\\npx.cmd'],
    ['pnpm', 'C:\\Users\\dev\\AppData\\Roaming\\npm\\pnpm.cmd'],
    ['yarn', 'C:\\Users\\dev\\AppData\\Roaming\\npm\\yarn.cmd'],
  ])('finds %s as a .cmd shim through PATH × PATHEXT', (name, expected) => {
    const fs = files(
      'C:\\Program Files\\nodejs\\node.exe',
      'C:\\Program Files\\nodejs\\npm',
      'C:\\Program Files\\nodejs\\npm.cmd',
      'C:\\Program Files\\nodejs\\npx.cmd',
      'C:\\Users\\dev\\AppData\\Roaming\\npm\\pnpm.cmd',
      'C:\\Users\\dev\\AppData\\Roaming\\npm\\yarn.cmd',
    );
    expect(resolveWindowsCommand(name, { env, cwd: 'C:\\work', pathExists: fs.pathExists })?.toLowerCase()).toBe(
      expected.toLowerCase(),
    );
  });

  it('never takes the extensionless sh script next to a shim (cmd does not either)', () => {
    const fs = files('C:\\Program Files\\nodejs\\npm', 'C:\\Program Files\\nodejs\\npm.cmd');
    resolveWindowsCommand('npm', { env, cwd: undefined, pathExists: fs.pathExists });
    expect(fs.asked).not.toContain('C:\\Program Files\\nodejs\\npm');
  });

  it('searches directories in PATH order, then extensions in PATHEXT order within each', () => {
    const fs = files('C:\\Windows\\system32\\tool.cmd', 'C:\\Program Files\\nodejs\\tool.exe');
    expect(resolveWindowsCommand('tool', { env, cwd: undefined, pathExists: fs.pathExists })).toBe('C:\\Windows\\system32\\tool.CMD');
    expect(fs.asked.slice(0, 4)).toEqual([
      'C:\\Windows\\system32\\tool.COM',
      'C:\\Windows\\system32\\tool.EXE',
      'C:\\Windows\\system32\\tool.BAT',
      'C:\\Windows\\system32\\tool.CMD',
    ]);
  });

  it('tries a name that has an extension as is first', () => {
    const fs = files('C:\\Program Files\\nodejs\\node.exe');
    expect(resolveWindowsCommand('node.exe', { env, cwd: undefined, pathExists: fs.pathExists })).toBe(
      'C:\\Program Files\\nodejs\\node.exe',
    );
  });

  it('does not look in the working directory for a bare name', () => {
    const fs = files('C:\\work\\npm.cmd');
    expect(resolveWindowsCommand('npm', { env, cwd: 'C:\\work', pathExists: fs.pathExists })).toBeUndefined();
  });

  it('resolves a name with a directory part against the working directory, either slash', () => {
    const fs = files('C:\\work\\node_modules\\.bin\\vite.cmd', 'C:\\work\\scripts\\run.bat');
    const options = { env, cwd: 'C:\\work', pathExists: fs.pathExists };
    expect(resolveWindowsCommand('node_modules/.bin/vite', options)).toBe('C:\\work\\node_modules\\.bin\\vite.CMD');
    expect(resolveWindowsCommand('.\\scripts\\run.bat', options)).toBe('C:\\work\\scripts\\run.bat');
    expect(resolveWindowsCommand('D:\\elsewhere\\x', options)).toBeUndefined();
  });

  it('takes a relative PATH entry relative to the child cwd', () => {
    const fs = files('C:\\work\\node_modules\\.bin\\vite.cmd');
    const options = { env: { PATH: 'node_modules\\.bin;C:\\Windows' }, cwd: 'C:\\work', pathExists: fs.pathExists };
    expect(resolveWindowsCommand('vite', options)).toBe('C:\\work\\node_modules\\.bin\\vite.CMD');
  });

  it('reads PATH and PATHEXT in any casing and defaults PATHEXT', () => {
    const fs = files('C:\\bin\\tool.bat');
    expect(resolveWindowsCommand('tool', { env: { PATH: 'C:\\bin' }, cwd: undefined, pathExists: fs.pathExists })).toBe(
      'C:\\bin\\tool.BAT',
    );
    expect(resolveWindowsCommand('tool', { env: { path: 'C:\\bin', pathext: '.EXE' }, cwd: undefined, pathExists: fs.pathExists })).toBeUndefined();
  });
});

describe('windowsArgvCommand', () => {
  const fs = files(
    'C:\\Program Files\\nodejs\\node.exe',
    'C:\\Program Files\\nodejs\\npm.cmd',
    'C:\\work\\tools\\gen.js',
  );
  const options = { env, cwd: 'C:\\work', pathExists: fs.pathExists };

  it('starts a .exe directly with its arguments untouched', () => {
    expect(windowsArgvCommand(['node', 'server.js', 'a&b'], options)).toEqual({
      file: 'C:\\Program Files\\nodejs\\node.EXE',
      args: ['server.js', 'a&b'],
      shell: false,
    });
  });

  it('starts a .cmd shim through cmd.exe /d /s /c, quoted so the shim sees each argument literally', () => {
    const command = windowsArgvCommand(['npm', 'run', 'dev', '--', '--host=a&b', '"%OS%"'], options);
    expect(command.file).toBe(CMD);
    expect(command.shell).toBe(true);
    expect(command.args.slice(0, 3)).toEqual(['/d', '/s', '/c']);
    expect(command.args[3]).toBe(
      '""C:\\Program Files\\nodejs\\npm.CMD" ^^^"run^^^" ^^^"dev^^^" ^^^"--^^^" ^^^"--host=a^^^&b^^^" ^^^"\\^^^"^^^%OS^^^%\\^^^"^^^""',
    );
    expect(simulateCmd(command.args, { OS: 'Windows_NT' }, true)).toEqual({
      program: 'C:\\Program Files\\nodejs\\npm.CMD',
      argv: ['run', 'dev', '--', '--host=a&b', '"%OS%"'],
    });
  });

  it('opens other registered types (PATHEXT .JS) through cmd.exe with one level of escaping', () => {
    const command = windowsArgvCommand(['tools\\gen.js', 'x y'], options);
    expect(command.args[3]).toBe('""C:\\work\\tools\\gen.js" ^"x^ y^""');
  });

  it('fails with SPAWN_FAILED naming the command when nothing is found', () => {
    let caught: unknown;
    try {
      windowsArgvCommand(['pnpm', 'dev'], options);
    } catch (error) {
      caught = error;
    }
    expect(isNetraError(caught) && caught.code).toBe('SPAWN_FAILED');
    expect((caught as Error).message).toContain('command not found: pnpm');
  });
});

describe('windowsShellCommand and comspec', () => {
  it('runs a config shell string as a cmd.exe command line, as written (like npm scripts)', () => {
    expect(windowsShellCommand('npm run dev && echo done', env)).toEqual({
      file: CMD,
      args: ['/d', '/s', '/c', '"npm run dev && echo done"'],
      shell: true,
    });
  });

  it('uses ComSpec only when it names cmd.exe, else SystemRoot\\System32\\cmd.exe', () => {
    expect(comspec({ COMSPEC: 'D:\\Win\\System32\\CMD.EXE' })).toBe('D:\\Win\\System32\\CMD.EXE');
    expect(comspec({ ComSpec: 'C:\\tools\\tcc.exe', SystemRoot: 'C:\\Windows' })).toBe('C:\\Windows\\System32\\cmd.exe');
    expect(comspec({})).toBe('cmd.exe');
  });
});

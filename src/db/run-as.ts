/**
 * PostgreSQL refuses to run as root ("root execution of the PostgreSQL server
 * is not permitted"), and CI containers run as root. Then netra runs initdb and
 * the server as an unprivileged system user (`postgres`, created by Debian's
 * package) through `setpriv`, which execs in place: signals reach the server
 * directly, with no intermediate process to forward them (unlike `su`).
 */
import { execFile } from 'node:child_process';
import { chown, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { NetraError, errorMessage } from '../shared/errors.js';

export interface RunAs {
  user: string;
  uid: number;
  gid: number;
  /** Argv prefix that runs the rest of the argv as that user. */
  prefix: string[];
}

export type ExecFileFn = (file: string, args: readonly string[]) => Promise<{ stdout: string; stderr: string }>;

export const defaultExecFile: ExecFileFn = async (file, args) => {
  const { stdout, stderr } = await promisify(execFile)(file, [...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return { stdout, stderr };
};

export async function resolveRunAs(user: string, exec: ExecFileFn = defaultExecFile): Promise<RunAs> {
  let uid: number;
  let gid: number;
  try {
    uid = Number((await exec('id', ['-u', user])).stdout.trim());
    gid = Number((await exec('id', ['-g', user])).stdout.trim());
  } catch (error) {
    throw new NetraError(
      'DB_PREREQUISITE_MISSING',
      `netra runs as root and PostgreSQL refuses to, but the user '${user}' to run it as does not exist`,
      { cause: error, hint: 'installing the postgresql package creates it; or run netra as a regular user' },
    );
  }
  let prefix: string[];
  try {
    await exec('setpriv', ['--version']);
    prefix = ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--init-groups', '--'];
  } catch {
    // runuser forks and forwards the signals it knows; good enough where setpriv is missing.
    prefix = ['runuser', '-u', user, '--'];
  }
  return { user, uid, gid, prefix };
}

/** Gives a folder to the user the server runs as. */
export async function chownTo(path: string, runAs: RunAs): Promise<void> {
  await chown(path, runAs.uid, runAs.gid);
}

/**
 * Every ancestor of `path` must be searchable by the server's user, or initdb
 * fails with a bare "permission denied". Say which folder and how to fix it.
 * (Supplementary groups are not considered: owner, primary group and others.)
 */
export async function assertTraversable(path: string, runAs: RunAs): Promise<void> {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    let info;
    try {
      info = await stat(dir);
    } catch (error) {
      throw new NetraError('SETUP_FAILED', `cannot stat ${dir}: ${errorMessage(error)}`, { cause: error });
    }
    const mode = info.mode;
    const ok =
      (info.uid === runAs.uid && (mode & 0o100) !== 0) ||
      (info.gid === runAs.gid && (mode & 0o010) !== 0) ||
      (mode & 0o001) !== 0;
    if (!ok) {
      throw new NetraError(
        'DB_PREREQUISITE_MISSING',
        `PostgreSQL runs as '${runAs.user}' (netra runs as root), and that user cannot enter ${dir} (mode ${(mode & 0o777).toString(8)})`,
        { hint: `chmod o+x ${dir}  (or move the project, or run netra as a regular user)` },
      );
    }
    if (dirname(dir) === dir) return;
  }
}

/**
 * Kind `postgres`: a real PostgreSQL server from the system's binaries.
 * `preparePostgres` runs initdb once, then returns the argv of the server for
 * the supervisor to run in the foreground as its own child (no pg_ctl daemon:
 * the supervisor owns the process, its logs and its stop).
 */
import { access, mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { NetraError, errorMessage } from '../shared/errors.js';
import { findPostgresBinaries, type PostgresBinaries } from './postgres-binaries.js';
import { assertTraversable, chownTo, defaultExecFile, resolveRunAs, type ExecFileFn, type RunAs } from './run-as.js';
import { clearStalePostmasterPid, type PidProbe } from './postmaster-pid.js';
import { databaseUrl } from './url.js';

export interface PreparePostgresOptions {
  /** `<project>/.netra/postgres/<service>`; created by initdb on first start, kept afterwards. */
  dataDir: string;
  port: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Superuser created by initdb and used in the URL; default `postgres`. */
  user?: string;
  /** Database in the URL (create it with `ensureDatabase`); default `postgres`. */
  database?: string;
  /**
   * System user to run initdb and the server as. Default: `postgres` when netra
   * runs as root (PostgreSQL refuses root), else the current user (undefined).
   * `null` forces the current user.
   */
  runAsUser?: string | null;
  /** Unix socket folder; default `<dataDir>.run`. Disabled when its path would be too long for a socket. */
  socketDir?: string;
  binaries?: PostgresBinaries;
  exec?: ExecFileFn;
  getuid?: () => number;
  pidProbe?: PidProbe;
}

export interface PreparedPostgres {
  /** Argv to spawn in the foreground (prefixed to drop root when needed). */
  command: string[];
  /** Extra environment for the server process. */
  env: Record<string, string>;
  databaseUrl: string;
  /** SIGINT is PostgreSQL's "fast shutdown": roll back clients, checkpoint, exit. */
  stopSignal: 'SIGINT';
  /** True when this call ran initdb. */
  initialized: boolean;
  binaries: PostgresBinaries;
}

/** sockaddr_un.sun_path is 108 bytes on Linux, 104 on macOS. */
const MAX_SOCKET_PATH = 100;

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export async function preparePostgres(options: PreparePostgresOptions): Promise<PreparedPostgres> {
  const exec = options.exec ?? defaultExecFile;
  const host = options.host ?? '127.0.0.1';
  const user = options.user ?? 'postgres';
  const binaries = options.binaries ?? (await findPostgresBinaries());
  const isRoot = (options.getuid ?? process.getuid)?.() === 0;
  const runAsUser = options.runAsUser === undefined ? (isRoot ? 'postgres' : undefined) : (options.runAsUser ?? undefined);
  const runAs = runAsUser === undefined ? undefined : await resolveRunAs(runAsUser, exec);
  const prefix = runAs?.prefix ?? [];

  await mkdir(dirname(options.dataDir), { recursive: true });
  if (runAs) await assertTraversable(options.dataDir, runAs);
  const initialized = await initdbOnce(options.dataDir, { binaries, user, runAs, exec });
  if (!initialized) await clearStalePostmasterPid(options.dataDir, options.pidProbe);

  let socketDir = options.socketDir ?? `${options.dataDir}.run`;
  if (`${socketDir}/.s.PGSQL.${options.port}`.length > MAX_SOCKET_PATH) {
    socketDir = ''; // No Unix socket at all; clients use TCP, which is all netra needs.
  } else {
    await mkdir(socketDir, { recursive: true, mode: 0o700 });
    if (runAs) await chownTo(socketDir, runAs);
  }

  const command = [
    ...prefix,
    binaries.postgres,
    '-D', options.dataDir,
    '-p', String(options.port),
    '-h', host,
    '-k', socketDir,
  ];
  return {
    command,
    // A LANG naming a locale the system lacks makes the server warn on every start.
    env: { LC_MESSAGES: 'C' },
    databaseUrl: databaseUrl({ host, port: options.port, user, database: options.database ?? 'postgres' }),
    stopSignal: 'SIGINT',
    initialized,
    binaries,
  };
}

/**
 * initdb into a sibling temp folder, then rename: a crash mid-initdb never
 * leaves a half-made data dir that later starts would trust.
 */
async function initdbOnce(
  dataDir: string,
  ctx: { binaries: PostgresBinaries; user: string; runAs: RunAs | undefined; exec: ExecFileFn },
): Promise<boolean> {
  if (await exists(join(dataDir, 'PG_VERSION'))) return false;
  if (await exists(dataDir)) {
    const entries = await readdir(dataDir);
    if (entries.length > 0) {
      throw new NetraError('SETUP_FAILED', `${dataDir} exists but is not a PostgreSQL data folder (no PG_VERSION)`, {
        hint: `move it away or delete it; netra runs initdb into an empty folder`,
      });
    }
    await rmdir(dataDir);
  }
  const tmpPrefix = `.${basename(dataDir)}.initdb-`;
  // Leftovers of an initdb that a crash interrupted: never used, safe to remove.
  for (const name of await readdir(dirname(dataDir))) {
    if (name.startsWith(tmpPrefix)) await rm(join(dirname(dataDir), name), { recursive: true, force: true });
  }
  const tmp = join(dirname(dataDir), `${tmpPrefix}${process.pid}`);
  await mkdir(tmp, { mode: 0o700 });
  if (ctx.runAs) await chownTo(tmp, ctx.runAs);
  const args = ['-D', tmp, '-A', 'trust', '-U', ctx.user, '-E', 'UTF8', '--locale=C', '--no-sync'];
  const argv = [...(ctx.runAs?.prefix ?? []), ctx.binaries.initdb, ...args];
  try {
    await ctx.exec(argv[0]!, argv.slice(1));
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    const stderr = (error as { stderr?: unknown }).stderr;
    throw new NetraError('SETUP_FAILED', `initdb failed for ${dataDir}: ${errorMessage(error)}`, {
      cause: error,
      details: typeof stderr === 'string' ? stderr.trim().split('\n').slice(-10) : [],
    });
  }
  await rename(tmp, dataDir);
  return true;
}

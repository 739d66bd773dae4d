/**
 * The single-instance lock `.netra/lock` (CLI.md): one `netra dev up` per
 * project. Created atomically with its full content (write a temp file, then
 * `link` it to the lock path: `link` fails if the path exists, and a reader
 * never sees a half-written lock). A lock whose owner is gone is stale and is
 * taken over with a warning; only one of several racing takers wins.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import { NetraError } from '../shared/errors.js';
import { writeFileAtomic } from '../shared/fs.js';
import { isProcessAlive, readProcessStartTime } from '../shared/proc-info.js';

export const LOCK_FILE = 'lock';

/** The content of `.netra/lock`. */
export interface LockInfo {
  /** The pid of the `dev up` supervisor that holds the lock. */
  pid: number;
  /** When it took the lock, ISO-8601. */
  startedAt: string;
  /** The machine it runs on; a pid means nothing on another host. */
  hostname: string;
  /** The control-plane port on 127.0.0.1, or null until it is listening. */
  controlPort: number | null;
  /** /proc start time of `pid` (Linux): tells the owner from a later process that reused its pid. */
  pidStartTime?: string;
  /** Random per acquisition: tells this lock from an older one by the same pid. */
  lockId?: string;
  /** Further fields set through `LockHandle.update` (e.g. the control-plane token). */
  [extra: string]: unknown;
}

export interface LockHandle {
  readonly path: string;
  /** The content as last written by this handle. */
  readonly info: LockInfo;
  /** Merges `fields` into the lock and rewrites it atomically, if it is still ours. */
  update(fields: Partial<LockInfo>): Promise<void>;
  /** Removes the lock if it is still ours; idempotent. */
  release(): Promise<void>;
}

export interface AcquireLockOptions {
  /** Told about a stale lock being taken over. */
  onWarning?: (message: string) => void;
  /** The owner's pid; this process by default. */
  pid?: number;
  /** Injected for tests. */
  hostname?: string;
  now?: () => Date;
}

/** The lock's content, or undefined when there is none (or it is unreadable). */
export async function readLock(stateDir: string): Promise<LockInfo | undefined> {
  const raw = await readRaw(join(stateDir, LOCK_FILE));
  return raw === undefined ? undefined : parseLock(raw);
}

/**
 * The lock of the stack running this project, or undefined when there is none
 * or its owner is gone: how `dev status|down|restart` find the supervisor.
 */
export async function readLiveLock(stateDir: string): Promise<LockInfo | undefined> {
  const info = await readLock(stateDir);
  return info !== undefined && isLockAlive(info) ? info : undefined;
}

/**
 * True when the lock's owner is still running: its pid is alive here and, when
 * the start time was recorded, is the same process (not a reused pid). A lock
 * from another hostname counts as alive only if that check still passes here
 * (the machine was renamed); otherwise it cannot be verified and is stale.
 */
export function isLockAlive(info: LockInfo, localHostname: string = osHostname()): boolean {
  return staleReason(info, localHostname) === undefined;
}

function staleReason(info: LockInfo, localHostname: string): string | undefined {
  const foreign = info.hostname !== localHostname;
  if (!isProcessAlive(info.pid)) {
    return foreign
      ? `it was taken on host ${info.hostname} and pid ${info.pid} cannot be verified from here`
      : `pid ${info.pid} is no longer running`;
  }
  const current = readProcessStartTime(info.pid);
  if (info.pidStartTime !== undefined && current !== undefined && current !== info.pidStartTime) {
    return `pid ${info.pid} now belongs to another process`;
  }
  if (foreign && (info.pidStartTime === undefined || current === undefined)) {
    return `it was taken on host ${info.hostname} and pid ${info.pid} cannot be verified from here`;
  }
  return undefined;
}

/** Takes `.netra/lock` or throws `LOCK_HELD` (exit 3) naming the running owner. */
export async function acquireLock(stateDir: string, options: AcquireLockOptions = {}): Promise<LockHandle> {
  const path = join(stateDir, LOCK_FILE);
  const pid = options.pid ?? process.pid;
  const host = options.hostname ?? osHostname();
  const pidStartTime = readProcessStartTime(pid);
  const info: LockInfo = {
    pid,
    startedAt: (options.now?.() ?? new Date()).toISOString(),
    hostname: host,
    controlPort: null,
    ...(pidStartTime === undefined ? {} : { pidStartTime }),
    lockId: randomBytes(8).toString('hex'),
  };
  await mkdir(stateDir, { recursive: true });
  // Each pass either takes the lock, finds a live owner, or removes one stale lock.
  for (let pass = 0; pass < 10; pass += 1) {
    if (await createExclusive(path, info)) return makeHandle(path, info);
    const raw = await readRaw(path);
    if (raw === undefined) continue; // released between our attempt and our read
    const existing = parseLock(raw);
    if (existing !== undefined) {
      const reason = staleReason(existing, host);
      if (reason === undefined) throw lockHeld(existing, host);
      if (await removeIfUnchanged(path, raw)) {
        options.onWarning?.(
          `took over a stale lock from pid ${existing.pid} (started ${existing.startedAt}): ${reason}`,
        );
      }
    } else if (await removeIfUnchanged(path, raw)) {
      options.onWarning?.(`took over an unreadable lock file ${path}`);
    }
  }
  throw new NetraError('INTERNAL', `could not take ${path}: it keeps changing`, {
    hint: 'another netra is starting in this project; try again',
  });
}

function lockHeld(owner: LockInfo, localHostname: string): NetraError {
  const where = owner.hostname === localHostname ? '' : ` on ${owner.hostname}`;
  return new NetraError(
    'LOCK_HELD',
    `another netra dev up (pid ${owner.pid}${where}, started ${owner.startedAt}) is running this project`,
    { hint: 'stop it with `netra dev down` or Ctrl+C in its terminal' },
  );
}

/** Writes a temp file and links it to `path`: true if we created the lock. */
async function createExclusive(path: string, info: LockInfo): Promise<boolean> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, serialize(info), { mode: 0o600 });
  try {
    await link(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * Removes the lock only if it still holds `expected`: rename it aside (atomic,
 * so of several racing takers exactly one gets it), check what was moved, and
 * put it back if it was a fresh lock another taker had just written.
 */
async function removeIfUnchanged(path: string, expected: string): Promise<boolean> {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const moved = await readRaw(aside);
  if (moved === expected) {
    await rm(aside, { force: true });
    return true;
  }
  // Not the stale lock we judged: restore it unless yet another one appeared.
  await link(aside, path).catch(() => {});
  await rm(aside, { force: true });
  return false;
}

function makeHandle(path: string, initial: LockInfo): LockHandle {
  let info = initial;
  let released = false;
  const isOurs = async (): Promise<boolean> => {
    const raw = await readRaw(path);
    const current = raw === undefined ? undefined : parseLock(raw);
    return current !== undefined && current.pid === info.pid && current.lockId === info.lockId;
  };
  return {
    path,
    get info() {
      return info;
    },
    async update(fields) {
      if (released || !(await isOurs())) {
        throw new NetraError('INTERNAL', `the lock ${path} is no longer held by this process`);
      }
      // pid and lockId identify the owner: they never change through update.
      info = { ...info, ...fields, pid: info.pid, lockId: info.lockId };
      await writeFileAtomic(path, serialize(info), { mode: 0o600 });
    },
    async release() {
      if (released) return;
      released = true;
      if (await isOurs()) await rm(path, { force: true });
    },
  };
}

function serialize(info: LockInfo): string {
  return `${JSON.stringify(info, null, 2)}\n`;
}

async function readRaw(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseLock(raw: string): LockInfo | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LockInfo> | null;
    if (
      typeof value !== 'object' ||
      value === null ||
      typeof value.pid !== 'number' ||
      typeof value.startedAt !== 'string' ||
      typeof value.hostname !== 'string'
    ) {
      return undefined;
    }
    return { controlPort: null, ...value } as LockInfo;
  } catch {
    return undefined;
  }
}

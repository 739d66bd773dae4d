/**
 * Port checks before start, and free ports for `port: 'auto'`. netra never
 * kills what holds a port: it names the holder and refuses to start (exit 2).
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { NetraError } from '../shared/errors.js';
import { findPortHolder as findLinuxPortHolder, type PortHolder } from './port-holder.js';

export type { PortHolder } from './port-holder.js';

/** The addresses a dev service is reached on: a listener on any of them makes the port taken. */
export const CHECKED_ADDRESSES = ['127.0.0.1', '::1', '0.0.0.0'] as const;

export type PortCheck =
  | { free: true }
  | {
      free: false;
      /** Where it is taken: the holder's listen address when the OS tells, else where our bind failed. */
      address: string;
      /** `permission-denied`: a privileged port this user cannot bind, held or not. */
      reason: 'in-use' | 'permission-denied';
      holder?: { pid: number; command: string };
    };

type BindOutcome = 'free' | 'in-use' | 'permission-denied' | 'unavailable';

/** Binds and closes at once; `unavailable` means this address family does not exist here. */
function tryBind(port: number, host: string): Promise<BindOutcome> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      switch (error.code) {
        case 'EADDRINUSE':
          resolve('in-use');
          break;
        case 'EACCES':
          resolve('permission-denied');
          break;
        // No IPv6 stack (or ::1 not configured): nobody can hold the port there.
        case 'EADDRNOTAVAIL':
        case 'EAFNOSUPPORT':
        case 'EPROTONOSUPPORT':
          resolve('unavailable');
          break;
        default:
          reject(error);
      }
    });
    // exclusive: never share a handle with a cluster primary; ipv6Only keeps
    // `::1` from meaning anything else.
    server.listen({ port, host, exclusive: true, ipv6Only: host.includes(':') }, () => {
      server.close(() => resolve('free'));
    });
  });
}

/** Names who listens on a port: /proc on Linux, lsof on macOS, nothing elsewhere. */
export async function findPortHolder(port: number): Promise<PortHolder | undefined> {
  if (process.platform === 'linux') return findLinuxPortHolder(port);
  if (process.platform === 'darwin') return findHolderWithLsof(port);
  return undefined;
}

function findHolderWithLsof(port: number): Promise<PortHolder | undefined> {
  return new Promise((resolve) => {
    execFile(
      'lsof',
      ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpcn'],
      { timeout: 2000 },
      (error, stdout) => {
        if (error !== null && stdout === '') {
          resolve(undefined);
          return;
        }
        // -F output: one field a line, p<pid>, c<command>, n<address:port>.
        const pid = Number(/^p(\d+)$/m.exec(stdout)?.[1]);
        const command = /^c(.+)$/m.exec(stdout)?.[1];
        const name = /^n(.+):\d+$/m.exec(stdout)?.[1]?.replace(/^\[|\]$/g, '');
        if (!Number.isInteger(pid)) {
          resolve(undefined);
          return;
        }
        resolve({ address: name === '*' || name === undefined ? '0.0.0.0' : name, pid, ...(command ? { command } : {}) });
      },
    );
  });
}

/** Whether `port` can be bound on 127.0.0.1, ::1 and 0.0.0.0; checked one address at a time. */
export async function checkPort(port: number): Promise<PortCheck> {
  for (const host of CHECKED_ADDRESSES) {
    const outcome = await tryBind(port, host);
    if (outcome === 'free' || outcome === 'unavailable') continue;
    const found = await findPortHolder(port);
    const holder =
      found?.pid === undefined ? undefined : { pid: found.pid, command: found.command ?? '' };
    return {
      free: false,
      address: found?.address ?? host,
      reason: outcome,
      ...(holder === undefined ? {} : { holder }),
    };
  }
  return { free: true };
}

/** One line per problem: `services.api.port: 4000 is in use on 127.0.0.1 by pid 123 (python3 -m http.server 4000)`. */
export function describeTakenPort(service: string, port: number, check: Exclude<PortCheck, { free: true }>): string {
  const prefix = `services.${service}.port: ${port}`;
  if (check.reason === 'permission-denied') {
    return `${prefix} is a privileged port this user cannot bind on ${check.address}`;
  }
  const by = check.holder
    ? ` by pid ${check.holder.pid}${check.holder.command ? ` (${check.holder.command})` : ''}`
    : ' by a process netra cannot see (another user?)';
  return `${prefix} is in use on ${check.address}${by}`;
}

/**
 * Checks every fixed port and throws ONE `PORT_IN_USE` (exit 2) listing every
 * problem, before anything starts. Never kills the holder.
 */
export async function assertPortsFree(ports: readonly { service: string; port: number }[]): Promise<void> {
  const details: string[] = [];
  const owners = new Map<number, string>();
  for (const { service, port } of ports) {
    const first = owners.get(port);
    if (first !== undefined) details.push(`services.${service}.port: ${port} is also the port of services.${first}`);
    else owners.set(port, service);
  }
  // Distinct ports are independent: check them side by side.
  const checks = await Promise.all(
    [...owners].map(async ([port, service]) => ({ port, service, check: await checkPort(port) })),
  );
  for (const { port, service, check } of checks) {
    if (!check.free) details.push(describeTakenPort(service, port, check));
  }
  if (details.length === 0) return;
  const count = details.length === 1 ? 'a port is' : `${details.length} ports are`;
  throw new NetraError('PORT_IN_USE', `cannot start: ${count} not available`, {
    details,
    hint: "stop the process holding it or pick another port (or port: 'auto'); netra never kills processes it did not start",
  });
}

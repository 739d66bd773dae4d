/**
 * Who listens on a TCP port, as far as the OS tells. Linux: LISTEN sockets in
 * /proc/net/tcp and /proc/net/tcp6 give the socket inode, and the process
 * whose /proc/<pid>/fd links to `socket:[inode]` holds it (readable for our own
 * user's processes only; another user's holder is reported without a pid).
 */
import { readFileSync } from 'node:fs';
import { listPids, readProcessCommand, readProcessStat, readSocketInodes } from '../shared/proc-info.js';

export interface PortHolder {
  /** The address it listens on, e.g. `0.0.0.0`, `127.0.0.1`, `::`. */
  address: string;
  /** The holder's pid, when its file descriptors are readable. */
  pid?: number;
  /** Its command line, when known. */
  command?: string;
}

/** The kernel's TCP state code for LISTEN in /proc/net/tcp. */
const TCP_LISTEN = '0A';

interface ListenSocket {
  address: string;
  inode: string;
}

/** LISTEN sockets on `port` from /proc/net/tcp{,6}; empty where there is no /proc. */
export function listListenSockets(port: number): ListenSocket[] {
  const sockets: ListenSocket[] = [];
  for (const [file, decode] of [
    ['/proc/net/tcp', decodeIpv4],
    ['/proc/net/tcp6', decodeIpv6],
  ] as const) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      const state = fields[3];
      const inode = fields[9];
      if (local === undefined || state !== TCP_LISTEN || inode === undefined) continue;
      const [hexAddress, hexPort] = local.split(':');
      if (hexAddress === undefined || hexPort === undefined || Number.parseInt(hexPort, 16) !== port) continue;
      sockets.push({ address: decode(hexAddress), inode });
    }
  }
  return sockets;
}

/** The process listening on `port` (Linux only; undefined when nothing is found). */
export function findPortHolder(port: number): PortHolder | undefined {
  const sockets = listListenSockets(port);
  const first = sockets[0];
  if (first === undefined) return undefined;
  const wanted = new Map(sockets.map((socket) => [socket.inode, socket.address]));
  // Newest processes first (by start time: pids wrap): the holder of a dev port
  // is usually recent, and reading fd tables is the slow part (~35 µs per fd).
  for (const pid of newestFirst(listPids())) {
    if (pid === process.pid) continue;
    const inode = [...readSocketInodes(pid)].find((candidate) => wanted.has(candidate));
    if (inode === undefined) continue;
    // Forked workers share the listening socket: name the oldest ancestor that holds it too.
    let holder = pid;
    for (let parent = readProcessStat(holder)?.ppid; parent !== undefined && parent > 1; parent = readProcessStat(parent)?.ppid) {
      if (!readSocketInodes(parent).has(inode)) break;
      holder = parent;
    }
    const address = wanted.get(inode) ?? first.address;
    const command = readProcessCommand(holder);
    return command === undefined ? { address, pid: holder } : { address, pid: holder, command };
  }
  return { address: first.address };
}

function newestFirst(pids: number[]): number[] {
  const started = new Map(pids.map((pid) => [pid, Number(readProcessStat(pid)?.startTime ?? 0)]));
  return pids.sort((a, b) => (started.get(b) ?? 0) - (started.get(a) ?? 0));
}

/** `0100007F` (little-endian on the machines /proc runs on) → `127.0.0.1`. */
function decodeIpv4(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  return [bytes[3], bytes[2], bytes[1], bytes[0]].join('.');
}

/** Four little-endian 32-bit words → the usual compressed IPv6 text. */
function decodeIpv6(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  const ordered = Buffer.alloc(16);
  for (let word = 0; word < 4; word += 1) {
    for (let i = 0; i < 4; i += 1) ordered[word * 4 + i] = bytes[word * 4 + (3 - i)] ?? 0;
  }
  if (ordered.subarray(0, 10).every((b) => b === 0) && ordered[10] === 0xff && ordered[11] === 0xff) {
    return `::ffff:${[...ordered.subarray(12)].join('.')}`;
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(ordered.readUInt16BE(i).toString(16));
  return compressIpv6(groups);
}

function compressIpv6(groups: string[]): string {
  // Replace the longest run of zero groups with "::".
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i += 1;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestLength < 2) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

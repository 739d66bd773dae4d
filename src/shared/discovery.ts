/**
 * `.netra/discovery/<service>.json`: the one source of truth for where each
 * service listens (CLI.md). Written atomically, so a reader (a dependent, a
 * script, `netra dev status`) never sees a half-written file.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { NetraError } from './errors.js';
import { writeFileAtomic } from './fs.js';

export const DISCOVERY_DIR = 'discovery';

export interface DiscoveryEntry {
  /** The service name. */
  name: string;
  /** The host dependents connect to, e.g. `127.0.0.1`. */
  host: string;
  port: number;
  /** e.g. `http://127.0.0.1:4000` or `postgres://…`. */
  url: string;
  /** The WebSocket URL, for services that speak it (the events server). */
  wsUrl?: string;
}

function entryPath(stateDir: string, name: string): string {
  // A service name becomes a file name: refuse anything that could escape the folder.
  if (!/^[A-Za-z0-9][\w.-]*$/.test(name)) {
    throw new NetraError('INTERNAL', `invalid service name for a discovery file: ${JSON.stringify(name)}`);
  }
  return join(stateDir, DISCOVERY_DIR, `${name}.json`);
}

export async function writeDiscovery(stateDir: string, entry: DiscoveryEntry): Promise<void> {
  const { name, host, port, url, wsUrl } = entry;
  const content = wsUrl === undefined ? { name, host, port, url } : { name, host, port, url, wsUrl };
  await writeFileAtomic(entryPath(stateDir, name), `${JSON.stringify(content, null, 2)}\n`);
}

/** The entry of one service, or undefined when it has none (or it is unreadable). */
export async function readDiscovery(stateDir: string, name: string): Promise<DiscoveryEntry | undefined> {
  let raw: string;
  try {
    raw = await readFile(entryPath(stateDir, name), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseEntry(raw);
}

/** Every service's entry, keyed by service name. */
export async function readAllDiscovery(stateDir: string): Promise<Record<string, DiscoveryEntry>> {
  let files: string[];
  try {
    files = await readdir(join(stateDir, DISCOVERY_DIR));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const entries: Record<string, DiscoveryEntry> = {};
  for (const file of files.filter((f) => f.endsWith('.json')).sort()) {
    const entry = await readDiscovery(stateDir, file.slice(0, -'.json'.length)).catch(() => undefined);
    if (entry !== undefined) entries[entry.name] = entry;
  }
  return entries;
}

export async function removeDiscovery(stateDir: string, name: string): Promise<void> {
  await rm(entryPath(stateDir, name), { force: true });
}

/** Removes every entry: at `dev up` start (leftovers of a dead stack) and at shutdown. */
export async function clearDiscovery(stateDir: string): Promise<void> {
  await rm(join(stateDir, DISCOVERY_DIR), { recursive: true, force: true });
}

/** `backend` → `NETRA_BACKEND_URL`; `chat-api` → `NETRA_CHAT_API_URL`. */
export function discoveryEnvName(service: string, field: 'URL' | 'PORT' | 'HOST' | 'WS_URL'): string {
  return `NETRA_${service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${field}`;
}

/** The variables a dependent gets for each entry: `NETRA_<SERVICE>_URL`, `_PORT`, `_HOST`, `_WS_URL`. */
export function discoveryEnv(entries: Iterable<DiscoveryEntry>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of entries) {
    env[discoveryEnvName(entry.name, 'URL')] = entry.url;
    env[discoveryEnvName(entry.name, 'PORT')] = String(entry.port);
    env[discoveryEnvName(entry.name, 'HOST')] = entry.host;
    if (entry.wsUrl !== undefined) env[discoveryEnvName(entry.name, 'WS_URL')] = entry.wsUrl;
  }
  return env;
}

function parseEntry(raw: string): DiscoveryEntry | undefined {
  try {
    const value = JSON.parse(raw) as Partial<DiscoveryEntry> | null;
    if (
      value === null ||
      typeof value.name !== 'string' ||
      typeof value.host !== 'string' ||
      typeof value.port !== 'number' ||
      typeof value.url !== 'string'
    ) {
      return undefined;
    }
    const { name, host, port, url, wsUrl } = value;
    return typeof wsUrl === 'string' ? { name, host, port, url, wsUrl } : { name, host, port, url };
  } catch {
    return undefined;
  }
}

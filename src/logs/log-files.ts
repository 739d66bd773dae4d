import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { NetraError } from '../shared/errors.js';

const logFilePattern = /^(.+)\.log(?:\.(\d+))?$/;

export function currentLogPath(logDir: string, service: string): string {
  return join(logDir, `${service}.log`);
}

/** Services that have a log file (current or rotated) in the folder, sorted; none when it does not exist. */
export async function listLogServices(logDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(logDir);
  } catch {
    return [];
  }
  const services = new Set<string>();
  for (const name of names) {
    const match = logFilePattern.exec(name);
    if (match?.[1]) services.add(match[1]);
  }
  return [...services].sort();
}

/** The rotated files of a service, oldest first (`.log.N` … `.log.1`), without the current one. */
export async function rotatedLogPaths(logDir: string, service: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(logDir);
  } catch {
    return [];
  }
  const rotated: { index: number; path: string }[] = [];
  for (const name of names) {
    const match = logFilePattern.exec(name);
    if (match?.[1] === service && match[2] !== undefined) rotated.push({ index: Number(match[2]), path: join(logDir, name) });
  }
  return rotated.sort((a, b) => b.index - a.index).map((entry) => entry.path);
}

/** Service names of the running stack's `.netra/state.json`, if there is one. */
export async function servicesFromState(stateFile: string): Promise<string[]> {
  try {
    const state = JSON.parse(await readFile(stateFile, 'utf8')) as { services?: Record<string, unknown> };
    return Object.keys(state.services ?? {});
  } catch {
    return [];
  }
}

/** Checks the services a user named against those that exist; the unknown ones are a usage error. */
export function checkServiceNames(named: readonly string[], known: readonly string[]): void {
  const knownSet = new Set(known);
  const unknown = named.filter((name) => !knownSet.has(name));
  if (unknown.length === 0) return;
  const list = unknown.map((name) => `"${name}"`).join(', ');
  throw new NetraError('UNKNOWN_SERVICE', `unknown service${unknown.length === 1 ? '' : 's'} ${list}: no logs and not in the stack`, {
    hint: known.length > 0 ? `known services: ${[...knownSet].sort().join(', ')}` : 'no service has written logs yet',
  });
}

/** A step's key and the comparison that says why it changed. */
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import type { CacheEntry } from './entry-store.js';
import type { Fingerprint } from './fingerprint.js';
import type { RunReason, SetupStep } from './types.js';

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

export interface KeyParts {
  commandHash: string;
  env: Record<string, string | null>;
  patterns: readonly string[];
  fingerprint: Fingerprint;
  key: string;
}

export function keyParts(
  root: string,
  step: SetupStep,
  env: Readonly<Record<string, string | undefined>>,
  fingerprint: Fingerprint,
): KeyParts {
  const cwd = step.cwd ? relative(root, step.cwd).split('\\').join('/') : '';
  const commandHash = sha1(JSON.stringify({ command: step.command, cwd }));
  const envHashes: Record<string, string | null> = {};
  for (const name of [...(step.env ?? [])].sort()) {
    const value = env[name];
    envHashes[name] = value === undefined ? null : sha1(value);
  }
  const patterns = [...step.inputs];
  const key = sha1(JSON.stringify({ v: 1, commandHash, env: envHashes, patterns, inputs: fingerprint.digest }));
  return { commandHash, env: envHashes, patterns, fingerprint, key };
}

export interface Difference {
  reason: Exclude<RunReason, 'no-entry' | 'no-cache'>;
  changed: string[];
}

/** Why the entry does not match (the first kind of change found), or undefined when it does. */
export function compare(entry: CacheEntry, parts: KeyParts): Difference | undefined {
  if (entry.key === parts.key) return undefined;
  if (entry.commandHash !== parts.commandHash) return { reason: 'command-changed', changed: ['command'] };
  const names = new Set([...Object.keys(entry.env), ...Object.keys(parts.env)]);
  const envChanged = [...names].filter((n) => (entry.env[n] ?? null) !== (parts.env[n] ?? null) || !(n in entry.env) || !(n in parts.env));
  if (envChanged.length > 0) return { reason: 'env-changed', changed: envChanged.sort() };
  if (JSON.stringify(entry.patterns) !== JSON.stringify(parts.patterns)) return { reason: 'input-changed', changed: ['(the inputs list)'] };
  if (!entry.inputs) return { reason: 'input-changed', changed: [] };
  const changed: string[] = [];
  for (const [path, hash] of parts.fingerprint.files) {
    const before = entry.inputs[path];
    if (before === undefined) changed.push(`+${path}`);
    else if (before !== hash) changed.push(path);
  }
  for (const path of Object.keys(entry.inputs)) if (!parts.fingerprint.files.has(path)) changed.push(`-${path}`);
  return { reason: 'input-changed', changed };
}

/**
 * The baseline file lets a repository adopt verify-imports with findings it
 * already has: known findings are filtered out, new ones still fail. A
 * fingerprint leaves out line and column, so edits above a finding do not
 * resurrect it; identical findings in one file are counted, not merged.
 */
import { createHash } from 'node:crypto';
import type { Finding, ImportsFs } from './model.js';
import { NetraError } from '../shared/errors.js';

export interface BaselineFile {
  version: 1;
  /** Informational; only the fingerprints matter. */
  findings: Array<{ fingerprint: string; file: string; kind: string; specifier: string; name?: string }>;
}

export function fingerprint(finding: Finding): string {
  // Cycle messages hold the whole path, which is the identity of a cycle.
  const identity = [finding.file, finding.kind, finding.specifier, finding.name ?? '', finding.kind === 'cycle' ? finding.message : ''];
  return createHash('sha256').update(identity.join('\0')).digest('hex').slice(0, 20);
}

export function buildBaseline(findings: readonly Finding[]): BaselineFile {
  return {
    version: 1,
    findings: findings.map((finding) => ({
      fingerprint: fingerprint(finding),
      file: finding.file,
      kind: finding.kind,
      specifier: finding.specifier,
      ...(finding.name === undefined ? {} : { name: finding.name }),
    })),
  };
}

export async function readBaseline(fs: ImportsFs, path: string): Promise<Map<string, number>> {
  const text = await fs.readFile(path);
  const counts = new Map<string, number>();
  if (text === undefined) return counts; // No baseline yet: nothing is known.
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new NetraError('USAGE', `${path}: the baseline is not valid JSON`, { cause: error, hint: 'regenerate it with --update-baseline' });
  }
  const entries = (parsed as Partial<BaselineFile>).findings;
  if (!Array.isArray(entries)) {
    throw new NetraError('USAGE', `${path}: not a verify-imports baseline (no "findings" array)`, {
      hint: 'regenerate it with --update-baseline',
    });
  }
  for (const entry of entries) {
    const key = (entry as { fingerprint?: unknown }).fingerprint;
    if (typeof key === 'string') counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The findings the baseline does not already know. */
export function filterBaseline(findings: readonly Finding[], known: Map<string, number>): Finding[] {
  const remaining = new Map(known);
  return findings.filter((finding) => {
    const key = fingerprint(finding);
    const left = remaining.get(key) ?? 0;
    if (left === 0) return true;
    remaining.set(key, left - 1);
    return false;
  });
}

/**
 * Cache entries: one JSON file per step under `.netra/cache/steps/`, written
 * atomically (temp + fsync + rename), so a crash or two concurrent writers
 * leave either the old entry or a whole new one. Anything that does not parse,
 * has another format, or names another step is reported and never trusted.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../shared/fs.js';

export const ENTRY_FORMAT = 'netra.cache.v1';

export interface CacheEntry {
  format: typeof ENTRY_FORMAT;
  /** `service/name` or `name`. */
  step: string;
  key: string;
  /** Hash of the command and its working directory. */
  commandHash: string;
  /** The command as written, for `cache status`. */
  command: string | readonly string[];
  /** Env name → hash of its value (values may be secrets: never stored), null when unset. */
  env: Record<string, string | null>;
  /** The input globs as configured. */
  patterns: readonly string[];
  inputsDigest: string;
  /** Per-file hashes, kept for sets up to MAX_DETAILED_FILES to name what changed. */
  inputs?: Record<string, string>;
  lastSuccessAt: string;
}

export const MAX_DETAILED_FILES = 20_000;

export type ReadResult = { kind: 'missing' } | { kind: 'ok'; entry: CacheEntry } | { kind: 'invalid'; why: string };

export class EntryStore {
  readonly dir: string;

  constructor(cacheDir: string) {
    this.dir = join(cacheDir, 'steps');
  }

  fileFor(stepId: string): string {
    const readable = stepId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
    const unique = createHash('sha1').update(stepId).digest('hex').slice(0, 10);
    return join(this.dir, `${readable}-${unique}.json`);
  }

  async read(stepId: string): Promise<ReadResult> {
    return readEntryFile(this.fileFor(stepId), stepId);
  }

  async write(entry: CacheEntry): Promise<void> {
    await writeFileAtomic(this.fileFor(entry.step), `${JSON.stringify(entry)}\n`);
  }

  /** Deletes the entries of the step (`name` or `service/name`), or all of them. */
  async clear(stepName?: string): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return 0;
    }
    let count = 0;
    for (const name of names) {
      const file = join(this.dir, name);
      if (stepName !== undefined) {
        if (!name.endsWith('.json')) continue;
        const read = await readEntryFile(file, undefined);
        if (read.kind !== 'ok') continue;
        const step = read.entry.step;
        if (step !== stepName && !step.endsWith(`/${stepName}`)) continue;
      }
      await rm(file, { force: true });
      if (name.endsWith('.json')) count++;
    }
    return count;
  }
}

async function readEntryFile(file: string, expectedStep: string | undefined): Promise<ReadResult> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'invalid', why: `unreadable (${String((error as { code?: unknown }).code ?? error)})` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { kind: 'invalid', why: 'not valid JSON' };
  }
  const e = parsed as Partial<CacheEntry>;
  if (typeof e !== 'object' || e === null || e.format !== ENTRY_FORMAT) return { kind: 'invalid', why: 'unknown format' };
  if (
    typeof e.step !== 'string' || typeof e.key !== 'string' || typeof e.commandHash !== 'string' ||
    typeof e.inputsDigest !== 'string' || typeof e.lastSuccessAt !== 'string' ||
    typeof e.env !== 'object' || e.env === null || !Array.isArray(e.patterns)
  ) {
    return { kind: 'invalid', why: 'missing fields' };
  }
  if (expectedStep !== undefined && e.step !== expectedStep) return { kind: 'invalid', why: `belongs to step "${e.step}"` };
  return { kind: 'ok', entry: e as CacheEntry };
}

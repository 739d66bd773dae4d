/**
 * The stat fast path (as git's index): a file whose size, mtime, ctime and
 * inode match what they were when it was last hashed keeps its hash without
 * being read. Racy-git rule: a file modified less than RACY_MS before it was
 * hashed may change again within the filesystem's timestamp granularity
 * without its stat changing, so such an entry is never trusted.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../shared/fs.js';

export const RACY_MS = 2_000;
const FORMAT = 'netra.stat-cache.v1';

export interface StatRecord {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  hash: string;
  /** When the content was hashed (ms since epoch). */
  hashedAt: number;
}

export interface FileStatLike {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export class StatCache {
  private readonly records = new Map<string, StatRecord>();
  private dirty = false;

  constructor(private readonly file: string) {}

  /** Loads the saved records; a missing or corrupt file is an empty cache (it is only an accelerator). */
  async load(): Promise<boolean> {
    let raw: string;
    try {
      raw = await readFile(this.file, 'utf8');
    } catch {
      return true;
    }
    try {
      const parsed = JSON.parse(raw) as { format?: unknown; records?: unknown };
      if (parsed.format !== FORMAT || typeof parsed.records !== 'object' || parsed.records === null) return false;
      for (const [path, r] of Object.entries(parsed.records as Record<string, StatRecord>)) {
        if (isRecord(r)) this.records.set(path, r);
      }
      return true;
    } catch {
      return false;
    }
  }

  get(path: string): StatRecord | undefined {
    return this.records.get(path);
  }

  /** The trusted hash for a file with these stats, or undefined when it must be read. */
  lookup(path: string, stats: FileStatLike): string | undefined {
    const r = this.records.get(path);
    if (!r) return undefined;
    if (r.size !== stats.size || r.mtimeMs !== stats.mtimeMs || r.ctimeMs !== stats.ctimeMs || r.ino !== stats.ino) {
      return undefined;
    }
    if (r.hashedAt - Math.max(r.mtimeMs, r.ctimeMs) < RACY_MS) return undefined;
    return r.hash;
  }

  record(path: string, stats: FileStatLike, hash: string, hashedAt: number): void {
    this.records.set(path, { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino, hash, hashedAt });
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    await writeFileAtomic(this.file, JSON.stringify({ format: FORMAT, records: Object.fromEntries(this.records) }));
  }
}

function isRecord(value: unknown): value is StatRecord {
  const r = value as StatRecord;
  return (
    typeof r === 'object' && r !== null &&
    typeof r.size === 'number' && typeof r.mtimeMs === 'number' && typeof r.ctimeMs === 'number' &&
    typeof r.ino === 'number' && typeof r.hash === 'string' && typeof r.hashedAt === 'number'
  );
}

/**
 * Each service's recent times to ready, kept across runs in
 * `.netra/cache/start-times.json`, so readiness-slow knows what "usual" is.
 * Writes are atomic and single-flight; a missing or broken file is an empty history.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../shared/fs.js';

export interface StartTimes {
  record(service: string, ms: number): void;
  /** The median of the kept samples, or undefined with fewer than `minSamples`. */
  median(service: string, minSamples: number): number | undefined;
  /** Waits for pending writes. */
  flush(): Promise<void>;
}

interface FileShape {
  version: 1;
  services: Record<string, number[]>;
}

export interface StartTimesOptions {
  /** `<stateDir>/cache/start-times.json`; undefined keeps them in memory only. */
  path: string | undefined;
  /** Samples kept per service. */
  keep: number;
  onWarning?: (message: string) => void;
}

/**
 * Opens the history without waiting: it loads in the background, and samples
 * recorded before the load finishes are kept after the loaded ones.
 */
export function openStartTimes(options: StartTimesOptions): StartTimes {
  const samples = new Map<string, number[]>();
  const store = new FileStartTimes(samples, options);
  if (options.path !== undefined) store.loading = readHistory(options.path, options.keep, samples);
  return store;
}

async function readHistory(path: string, keep: number, samples: Map<string, number[]>): Promise<void> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<FileShape>;
    for (const [name, list] of Object.entries(parsed.services ?? {})) {
      if (!Array.isArray(list)) continue;
      const loaded = list.filter((n): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0);
      samples.set(name, [...loaded, ...(samples.get(name) ?? [])].slice(-keep));
    }
  } catch {
    // No history yet (or a broken file): start empty, the next write repairs it.
  }
}

class FileStartTimes implements StartTimes {
  loading: Promise<void> = Promise.resolve();
  private writing: Promise<void> | undefined;
  private dirty = false;

  constructor(
    private readonly samples: Map<string, number[]>,
    private readonly options: StartTimesOptions,
  ) {}

  record(service: string, ms: number): void {
    const list = this.samples.get(service) ?? [];
    list.push(ms);
    if (list.length > this.options.keep) list.splice(0, list.length - this.options.keep);
    this.samples.set(service, list);
    this.schedule();
  }

  median(service: string, minSamples: number): number | undefined {
    const list = this.samples.get(service);
    if (!list || list.length < Math.max(1, minSamples)) return undefined;
    const sorted = [...list].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }

  async flush(): Promise<void> {
    await this.loading;
    await this.writing;
  }

  private schedule(): void {
    const path = this.options.path;
    if (path === undefined || this.dirty) return;
    this.dirty = true;
    // One write at a time; samples recorded meanwhile go into the next one.
    this.writing = (this.writing ?? this.loading).then(async () => {
      this.dirty = false;
      const data: FileShape = { version: 1, services: Object.fromEntries(this.samples) };
      try {
        await writeFileAtomic(path, `${JSON.stringify(data)}\n`);
      } catch (error) {
        this.options.onWarning?.(`cannot write ${path}: ${(error as Error).message}`);
      }
    });
  }
}

import { watch as fsWatch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';

export interface FolderWakerOptions {
  /** Safety-net poll while fs.watch works (missed events, a re-created folder). Default 2000 ms. */
  pollIntervalMs?: number;
  /** Poll when fs.watch is unavailable (folder missing, unsupported file system). Default 250 ms. */
  fallbackPollMs?: number;
  /** Injected for tests; defaults to node:fs `watch`. */
  watch?: typeof fsWatch;
}

/**
 * Wakes a follow loop on file-system events of a folder, or on a slow poll:
 * `netra logs -f` (the log folder) and `netra alerts -f` (.netra) print a new
 * line the moment it is written instead of at the next poll tick.
 */
export class FolderWaker {
  private watcher: FSWatcher | undefined;
  private watchedIno: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private dirty = true;
  private rescan = true;
  private stopped = false;
  private wake: (() => void) | undefined;
  private readonly onAbort = (): void => this.poke();

  constructor(
    private readonly folder: string,
    private readonly signal: AbortSignal,
    private readonly options: FolderWakerOptions,
  ) {}

  start(): void {
    this.signal.addEventListener('abort', this.onAbort, { once: true });
    this.tryWatch();
    this.schedule();
  }

  poke(): void {
    this.dirty = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Whether files may have appeared since the last call (a 'rename' event or a poll tick). */
  takeRescan(): boolean {
    const rescan = this.rescan;
    this.rescan = false;
    return rescan;
  }

  async next(): Promise<void> {
    if (!this.dirty && !this.signal.aborted) await new Promise<void>((resolve) => (this.wake = resolve));
    this.dirty = false;
  }

  stop(): void {
    this.stopped = true;
    this.signal.removeEventListener('abort', this.onAbort);
    this.watcher?.close();
    this.watcher = undefined;
    clearTimeout(this.timer);
    this.poke();
  }

  private tryWatch(): void {
    if (this.watcher) return;
    try {
      const watcher = (this.options.watch ?? fsWatch)(this.folder, (event) => {
        if (event === 'rename') this.rescan = true;
        this.poke();
      });
      watcher.on('error', () => {
        watcher.close();
        if (this.watcher === watcher) this.watcher = undefined;
        this.poke();
      });
      this.watcher = watcher;
      void stat(this.folder).then((s) => (this.watchedIno = s.ino), () => undefined);
    } catch {
      this.watcher = undefined; // folder missing or fs.watch unsupported: poll faster instead
    }
  }

  /** The poll: a slow safety net while watching, faster without a watcher. */
  private schedule(): void {
    const interval = this.watcher ? (this.options.pollIntervalMs ?? 2000) : (this.options.fallbackPollMs ?? 250);
    this.timer = setTimeout(() => {
      void this.checkFolder().then(() => {
        if (this.stopped) return;
        this.rescan = true;
        this.poke();
        this.schedule();
      });
    }, interval);
  }

  /** A deleted and re-created folder (stack stopped, `.netra` removed, started again) needs a new watcher. */
  private async checkFolder(): Promise<void> {
    const ino = await stat(this.folder).then((s) => s.ino, () => undefined);
    if (this.watcher && (ino === undefined || (this.watchedIno !== undefined && ino !== this.watchedIno))) {
      this.watcher.close();
      this.watcher = undefined;
      this.watchedIno = undefined;
    }
    if (!this.stopped && ino !== undefined) this.tryWatch();
  }
}

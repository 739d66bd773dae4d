/**
 * Coalesces writes per tick (EVENTS.md "Liveness and backpressure"): frames
 * queued during one turn of the event loop are written on `setImmediate`,
 * as one buffer per socket (shared between sockets that queued the same
 * frames), so a burst becomes one write per socket.
 */
import type { Observers } from './observation.js';
import { WriteBatches } from './write-batches.js';

export interface Flushable {
  /** Writes the queued frames; returns the socket's bufferedAmount afterwards. */
  flush(): number;
}

export class FlushScheduler {
  /** Joins each socket's frames of this round into one buffer; see `WriteBatches`. */
  readonly batches = new WriteBatches();
  private dirty = new Set<Flushable>();
  private scheduled = false;
  private oldestQueuedAt = 0;
  private frames = 0;

  constructor(
    private readonly observers: Observers,
    private readonly now: () => number,
  ) {}

  /** Marks a connection as having queued frames. */
  mark(target: Flushable): void {
    this.frames += 1;
    this.dirty.add(target);
    if (this.scheduled) return;
    this.scheduled = true;
    this.oldestQueuedAt = this.now();
    setImmediate(this.run);
  }

  private readonly run = (): void => {
    this.scheduled = false;
    const dirty = this.dirty;
    const frames = this.frames;
    this.dirty = new Set();
    this.frames = 0;
    let maxBuffered = 0;
    for (const target of dirty) maxBuffered = Math.max(maxBuffered, target.flush());
    this.batches.clear();
    if (this.observers.active) {
      this.observers.emit({
        kind: 'delivery',
        lagMs: this.now() - this.oldestQueuedAt,
        frames,
        connections: dirty.size,
        maxBufferedBytes: maxBuffered,
      });
    }
  };
}

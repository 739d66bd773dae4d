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
  private readonly batches = new WriteBatches();
  private running = false;
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

  /**
   * A socket's queued frames as one buffer: shared with sockets that queued the same frames during a
   * flush round (`WriteBatches`); outside a round (a flush before a close) nothing is kept.
   */
  join(frames: Buffer[], bytes: number): Buffer {
    return this.running ? this.batches.join(frames, bytes) : Buffer.concat(frames, bytes);
  }

  private readonly run = (): void => {
    this.scheduled = false;
    this.running = true;
    const dirty = this.dirty;
    const frames = this.frames;
    this.dirty = new Set();
    this.frames = 0;
    let maxBuffered = 0;
    try {
      for (const target of dirty) maxBuffered = Math.max(maxBuffered, target.flush());
    } finally {
      this.running = false;
      this.batches.clear();
    }
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

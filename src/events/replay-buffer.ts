/**
 * The replay buffer of one thread (EVENTS.md "Replay buffer"): the last
 * `maxEvents` encoded events or `maxBytes`, whichever is smaller. The hub
 * enforces the global byte budget across threads by calling `dropOldest`.
 */

export interface BufferedEvent {
  readonly seq: number;
  readonly runId: string;
  /** The live frame; replay copies are derived from it. */
  readonly frame: Buffer;
}

export class ReplayBuffer {
  // An array with a moving start: O(1) amortised drops without a ring's index math.
  private items: BufferedEvent[] = [];
  private start = 0;
  private byteCount = 0;

  constructor(
    private readonly maxEvents: number,
    private readonly maxBytes: number,
  ) {}

  get bytes(): number {
    return this.byteCount;
  }

  get size(): number {
    return this.items.length - this.start;
  }

  /** The oldest retained seq, or undefined when empty. */
  get firstSeq(): number | undefined {
    return this.items[this.start]?.seq;
  }

  /** Appends an event and returns the bytes freed by dropping old ones. */
  push(item: BufferedEvent): number {
    this.items.push(item);
    this.byteCount += item.frame.length;
    let freed = 0;
    while (this.size > 1 && (this.size > this.maxEvents || this.byteCount > this.maxBytes)) {
      freed += this.dropOldest();
    }
    return freed;
  }

  /** Drops the oldest event; returns its size in bytes (0 when empty). */
  dropOldest(): number {
    const item = this.items[this.start];
    if (item === undefined) return 0;
    this.items[this.start] = undefined as unknown as BufferedEvent;
    this.start += 1;
    this.byteCount -= item.frame.length;
    if (this.start > 1024 && this.start * 2 > this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
    return item.frame.length;
  }

  /** Retained events with seq > `since`, optionally of one run, oldest first. */
  *after(since: number, runId?: string): Generator<BufferedEvent> {
    // Retained seqs are contiguous (one per accepted event, dropped oldest first): jump to since+1.
    const first = this.firstSeq ?? 0;
    const from = this.start + Math.max(0, since + 1 - first);
    for (let i = from; i < this.items.length; i += 1) {
      const item = this.items[i]!;
      if (item.seq > since && (runId === undefined || item.runId === runId)) yield item;
    }
  }

  clear(): number {
    const freed = this.byteCount;
    this.items = [];
    this.start = 0;
    this.byteCount = 0;
    return freed;
  }
}

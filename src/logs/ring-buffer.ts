/**
 * A fixed-size buffer of the last `capacity` items (as process-compose's
 * process_log_buffer): memory stays bounded however much a service prints.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`ring buffer capacity must be a non-negative integer, got ${capacity}`);
    }
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.capacity === 0) return;
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count += 1;
  }

  /** The last `n` items (all kept items by default), oldest first. */
  last(n: number = this.count): T[] {
    const take = Math.max(0, Math.min(n, this.count));
    const out: T[] = new Array<T>(take);
    let index = (this.next - take + this.capacity) % (this.capacity || 1);
    for (let i = 0; i < take; i += 1) {
      out[i] = this.items[index] as T;
      index = (index + 1) % this.capacity;
    }
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.next = 0;
    this.count = 0;
  }
}

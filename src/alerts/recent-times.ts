/**
 * "N occurrences within a window" in O(1) memory: only the last N times are
 * kept, and the condition holds while the oldest of them is inside the window.
 */
export class RecentTimes {
  private readonly times: number[];
  private next = 0;
  private size = 0;

  constructor(capacity: number) {
    this.times = new Array<number>(Math.max(1, capacity)).fill(0);
  }

  push(time: number): void {
    this.times[this.next] = time;
    this.next = (this.next + 1) % this.times.length;
    if (this.size < this.times.length) this.size += 1;
  }

  /** True when the last `capacity` occurrences all fall within `windowMs` before `now`. */
  isBurst(now: number, windowMs: number): boolean {
    if (this.size < this.times.length) return false;
    return this.times[this.next]! > now - windowMs; // the oldest kept time
  }

  /** The latest time pushed, or undefined. */
  latest(): number | undefined {
    if (this.size === 0) return undefined;
    return this.times[(this.next - 1 + this.times.length) % this.times.length];
  }
}

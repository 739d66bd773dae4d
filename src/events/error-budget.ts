/** The per-socket error-rate limit of EVENTS.md rule 8: more than `max` errors in `windowMs`. */
export class ErrorBudget {
  private readonly times: number[] = [];

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Records one error; true when the limit is now exceeded. */
  spend(): boolean {
    const t = this.now();
    this.times.push(t);
    while (this.times.length > 0 && this.times[0]! <= t - this.windowMs) this.times.shift();
    return this.times.length > this.max;
  }
}

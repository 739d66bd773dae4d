/**
 * error-burst: `count` error-level lines of one service within `windowMs`.
 * Nothing here runs per log line: on each tick the rule reads the lines
 * added since the last tick from the hub's ring buffer (`tail`), so the log
 * hot path has no listener at all. When more lines arrived than the ring
 * keeps, the errors among the kept ones are scaled up to the lines that
 * arrived (a sample of a flood is still a fair rate).
 */
import type { LogRecord } from '../../logs/index.js';
import { formatDuration, keyOf, raise, type RuleContext } from './rule-context.js';

export type LevelOf = (line: string) => 'warn' | 'error' | 'fatal' | undefined;

/** The part of the log hub the rule reads. */
export interface LogSource {
  /** Services whose lines to watch. */
  services(): Iterable<string>;
  /** The lines the hub still keeps for the service, oldest first. */
  tail(service: string): readonly LogRecord[];
}

interface Bucket {
  at: number;
  errors: number;
}

interface ServiceBurst {
  lastSeq: number;
  buckets: Bucket[];
  lastLine: string;
}

const sampleLength = 200;

export class ErrorBurstRule {
  private readonly services = new Map<string, ServiceBurst>();

  constructor(
    private readonly ctx: RuleContext,
    private readonly levelOf: LevelOf,
    private readonly source: LogSource,
  ) {}

  tick(): void {
    const settings = this.ctx.rules['error-burst'];
    if (!settings.enabled) return;
    const now = this.ctx.now();
    for (const service of this.source.services()) {
      const records = this.source.tail(service);
      const first = records[0];
      if (first === undefined) continue;
      let burst = this.services.get(service);
      // The ring holds only this stack's lines (seq goes on from earlier runs' files): all of them are new.
      if (!burst) this.services.set(service, (burst = { lastSeq: first.seq - 1, buckets: [], lastLine: '' }));
      if (records.at(-1)!.seq > burst.lastSeq) this.sample(burst, records, now);
      burst.buckets = burst.buckets.filter((bucket) => bucket.at > now - settings.windowMs);
      const errors = burst.buckets.reduce((sum, bucket) => sum + bucket.errors, 0);
      const key = keyOf('error-burst', service);
      if (errors >= settings.count) {
        raise(this.ctx, key, {
          rule: 'error-burst',
          service,
          message: `${service} logged ${Math.round(errors)} errors within ${formatDuration(settings.windowMs)} (threshold ${settings.count}); last: ${burst.lastLine}`,
        });
      } else if (this.ctx.book.has(key)) {
        this.ctx.book.clear(key, `${service}'s error rate is back under ${settings.count} per ${formatDuration(settings.windowMs)}`);
      }
    }
  }

  private sample(burst: ServiceBurst, records: readonly LogRecord[], now: number): void {
    let errors = 0;
    let firstSampled: number | undefined;
    for (const record of records) {
      if (record.seq <= burst.lastSeq || record.stream === 'netra') continue;
      firstSampled ??= record.seq;
      const level = this.levelOf(record.line);
      if (level !== 'error' && level !== 'fatal') continue;
      errors += 1;
      burst.lastLine = record.line.length > sampleLength ? `${record.line.slice(0, sampleLength)}…` : record.line;
    }
    const newest = records.at(-1)!.seq;
    // Lines that left the ring before this tick: scale the sample to them.
    const arrived = newest - burst.lastSeq;
    const missed = firstSampled === undefined ? 0 : firstSampled - burst.lastSeq - 1;
    if (errors > 0) burst.buckets.push({ at: now, errors: missed > 0 ? (errors * arrived) / (arrived - missed) : errors });
    burst.lastSeq = newest;
  }
}

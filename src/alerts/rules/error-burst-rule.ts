/**
 * error-burst: `count` error-level lines of one service within `windowMs`.
 * Kept off the log hot path's expensive side: the level is detected only
 * for lines that pass the logs module's cheap pre-check, and per line the
 * work is one ring-buffer write.
 */
import type { LogRecord } from '../../logs/index.js';
import { RecentTimes } from '../recent-times.js';
import { formatDuration, keyOf, raise, type RuleContext } from './rule-context.js';

export type LevelOf = (line: string) => 'warn' | 'error' | 'fatal' | undefined;

interface Burst {
  times: RecentTimes;
  lastLine: string;
  lines: number;
}

const sampleLength = 200;

export class ErrorBurstRule {
  private readonly services = new Map<string, Burst>();

  constructor(
    private readonly ctx: RuleContext,
    private readonly levelOf: LevelOf,
  ) {}

  record(record: LogRecord): void {
    if (record.stream === 'netra') return;
    const level = this.levelOf(record.line);
    if (level !== 'error' && level !== 'fatal') return;
    const settings = this.ctx.rules['error-burst'];
    let burst = this.services.get(record.service);
    if (!burst) {
      burst = { times: new RecentTimes(settings.count), lastLine: '', lines: 0 };
      this.services.set(record.service, burst);
    }
    const now = this.ctx.now();
    burst.times.push(now);
    burst.lastLine = record.line.length > sampleLength ? `${record.line.slice(0, sampleLength)}…` : record.line;
    burst.lines += 1;
    if (burst.times.isBurst(now, settings.windowMs)) {
      raise(this.ctx, keyOf('error-burst', record.service), {
        rule: 'error-burst',
        service: record.service,
        message: `${record.service} logged ${settings.count}+ errors within ${formatDuration(settings.windowMs)}; last: ${burst.lastLine}`,
      });
    }
  }

  tick(): void {
    const settings = this.ctx.rules['error-burst'];
    const now = this.ctx.now();
    for (const [service, burst] of this.services) {
      if (!this.ctx.book.has(keyOf('error-burst', service))) continue;
      if (!burst.times.isBurst(now, settings.windowMs)) {
        this.ctx.book.clear(keyOf('error-burst', service), `${service}'s error rate is back under ${settings.count} per ${formatDuration(settings.windowMs)}`);
      }
    }
  }
}

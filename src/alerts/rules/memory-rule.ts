/**
 * memory-high: every `intervalMs`, the RSS of each running service's whole
 * process tree against `limitMb`. One /proc scan per sample for all services.
 */
import type { Clock, TimerHandle } from '../../shared/clock.js';
import type { GroupRssSampler } from '../process-tree-rss.js';
import { keyOf, raise, type RuleContext } from './rule-context.js';

const MiB = 1024 * 1024;

export class MemoryRule {
  private timer: TimerHandle | undefined;
  private closed = false;

  constructor(
    private readonly ctx: RuleContext,
    private readonly clock: Clock,
    /** The pid (= process group) of each running service. */
    private readonly pids: () => ReadonlyMap<string, number>,
    private readonly sample: GroupRssSampler,
  ) {}

  start(): void {
    const settings = this.ctx.rules['memory-high'];
    if (!settings.enabled) return;
    const loop = (): void => {
      if (this.closed) return;
      try {
        this.check();
      } catch {
        // /proc vanished mid-read or a rule bug: skip this sample, keep sampling.
      }
      this.timer = this.clock.setTimeout(loop, settings.intervalMs);
      this.timer.unref?.();
    };
    this.timer = this.clock.setTimeout(loop, settings.intervalMs);
    this.timer.unref?.();
  }

  /** One sample of every service. */
  check(): void {
    const { limitMb } = this.ctx.rules['memory-high'];
    const pids = this.pids();
    const totals = this.sample(new Set(pids.values()));
    for (const [service, pid] of pids) {
      const bytes = totals.get(pid);
      const key = keyOf('memory-high', service);
      if (bytes === undefined) {
        // No live process in its group (or no /proc): nothing to measure, nothing held.
        this.ctx.book.clear(key, `${service} is no longer running`);
        continue;
      }
      const mb = Math.round(bytes / MiB);
      if (bytes > limitMb * MiB) {
        raise(this.ctx, key, { rule: 'memory-high', service, message: `${service} uses ${mb} MB of memory (process tree RSS), above its ${limitMb} MB limit` });
      } else {
        this.ctx.book.clear(key, `${service} is back under ${limitMb} MB (${mb} MB)`);
      }
    }
    // A service no longer running frees its memory.
    const prefix = keyOf('memory-high', '');
    for (const key of this.ctx.book.keys(prefix)) {
      const service = key.slice(prefix.length);
      if (!pids.has(service)) this.ctx.book.clear(key, `${service} is no longer running`);
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
  }
}

/**
 * liveness-failed: once a service is ready, probe it again every
 * `intervalMs` (after `graceMs`); `failures` consecutive failed probes raise
 * the alert with the last error, and one success clears it. One probe at a
 * time per service, each bounded by `timeoutMs`.
 */
import type { Clock, TimerHandle } from '../../shared/clock.js';
import { keyOf, raise, type RuleContext } from './rule-context.js';

export type LivenessProbe = (service: string, signal: AbortSignal) => Promise<{ ok: true } | { ok: false; error: string }>;

export interface LivenessTarget {
  /** The probe of this service, or undefined when it has none that can be repeated (log probes). */
  probeFor(service: string): { describe: string; run: LivenessProbe } | undefined;
}

interface Watch {
  timer: TimerHandle | undefined;
  abort: AbortController;
  failures: number;
}

export class LivenessRule {
  private readonly watches = new Map<string, Watch>();

  constructor(
    private readonly ctx: RuleContext,
    private readonly clock: Clock,
    private readonly target: LivenessTarget,
  ) {}

  /** The service became ready: start watching it. */
  ready(service: string): void {
    const settings = this.ctx.rules['liveness-failed'];
    if (!settings.enabled) return;
    this.stop(service, undefined);
    const probe = this.target.probeFor(service);
    if (!probe) return;
    const watch: Watch = { timer: undefined, abort: new AbortController(), failures: 0 };
    this.watches.set(service, watch);
    const schedule = (ms: number): void => {
      watch.timer = this.clock.setTimeout(() => void attempt(), ms);
      watch.timer.unref?.();
    };
    const attempt = async (): Promise<void> => {
      watch.timer = undefined;
      const signal = AbortSignal.any([watch.abort.signal, AbortSignal.timeout(settings.timeoutMs)]);
      const result = await probe.run(service, signal).catch((error: unknown) => ({ ok: false as const, error: String(error) }));
      if (watch.abort.signal.aborted) return;
      if (result.ok) {
        watch.failures = 0;
        this.ctx.book.clear(keyOf('liveness-failed', service), `${service} answers its probe again`);
      } else {
        watch.failures += 1;
        if (watch.failures >= settings.failures) {
          raise(this.ctx, keyOf('liveness-failed', service), {
            rule: 'liveness-failed',
            service,
            message: `${service} stopped answering its probe (${probe.describe}): ${watch.failures} consecutive failures, last error: ${result.error}`,
          });
        }
      }
      schedule(settings.intervalMs);
    };
    schedule(settings.graceMs);
  }

  /** The service left `ready` (exited, restarting, stopping): stop probing; its alert clears. */
  stop(service: string, reason: string | undefined): void {
    const watch = this.watches.get(service);
    if (!watch) return;
    this.watches.delete(service);
    watch.abort.abort();
    if (watch.timer !== undefined) this.clock.clearTimeout(watch.timer);
    if (reason !== undefined) this.ctx.book.clear(keyOf('liveness-failed', service), reason);
  }

  close(): void {
    for (const service of [...this.watches.keys()]) this.stop(service, undefined);
  }
}

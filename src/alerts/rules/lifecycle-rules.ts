/**
 * service-exited, crash-loop, readiness-failed and readiness-slow: rules over
 * the lifecycle signals of each service.
 */
import { RecentTimes } from '../recent-times.js';
import type { ServiceSignal } from '../service-signal.js';
import type { StartTimes } from '../start-times.js';
import { formatDuration, keyOf, raise, type RuleContext } from './rule-context.js';

interface ServiceTrack {
  restarts: RecentTimes;
  startingSince: number | undefined;
  readySince: number | undefined;
}

export class LifecycleRules {
  private readonly services = new Map<string, ServiceTrack>();

  constructor(
    private readonly ctx: RuleContext,
    private readonly startTimes: StartTimes,
  ) {}

  signal(service: string, signal: ServiceSignal): void {
    const track = this.track(service);
    const { book } = this.ctx;
    switch (signal.kind) {
      case 'starting':
        track.startingSince = signal.since;
        track.readySince = undefined;
        return;
      case 'ready': {
        const slowKey = keyOf('readiness-slow', service);
        if (book.has(slowKey)) book.clear(slowKey, `${service} became ready after ${formatDuration(signal.timeToReadyMs)}`);
        track.startingSince = undefined;
        track.readySince = this.ctx.now();
        this.startTimes.record(service, signal.timeToReadyMs);
        book.clear(keyOf('service-exited', service), `${service} is ready again`);
        book.clear(keyOf('readiness-failed', service), `${service} became ready`);
        return;
      }
      case 'restarting': {
        this.leaveStarting(service, track);
        track.readySince = undefined;
        raise(this.ctx, keyOf('service-exited', service), { rule: 'service-exited', service, message: `${service} ${signal.exit}; restarting (attempt ${signal.attempt})` });
        const settings = this.ctx.rules['crash-loop'];
        const now = this.ctx.now();
        track.restarts.push(now);
        if (track.restarts.isBurst(now, settings.windowMs)) {
          raise(this.ctx, keyOf('crash-loop', service), {
            rule: 'crash-loop',
            service,
            message: `${service} is crash-looping: ${settings.restarts} restarts within ${formatDuration(settings.windowMs)} (last: ${signal.exit})`,
          });
        }
        return;
      }
      case 'failed':
        this.leaveStarting(service, track);
        track.readySince = undefined;
        if (signal.reason === 'readiness-timeout') {
          raise(this.ctx, keyOf('readiness-failed', service), { rule: 'readiness-failed', service, message: `${service} ${signal.message}` });
        } else if (signal.reason === 'exited' || signal.reason === 'restart-limit' || signal.reason === 'spawn-failed') {
          raise(this.ctx, keyOf('service-exited', service), { rule: 'service-exited', service, message: `${service} ${signal.message}; not restarted` });
        }
        if (signal.reason === 'restart-limit') {
          raise(this.ctx, keyOf('crash-loop', service), { rule: 'crash-loop', service, message: `${service} is crash-looping: ${signal.message}` });
        }
        return;
      case 'completed':
      case 'stopped':
        this.leaveStarting(service, track);
        track.readySince = undefined;
        book.clear(keyOf('service-exited', service), `${service} ${signal.kind}`);
        return;
    }
  }

  /** Time-based checks: slow starts, crash loops that calmed down. */
  tick(): void {
    const now = this.ctx.now();
    const slow = this.ctx.rules['readiness-slow'];
    const loop = this.ctx.rules['crash-loop'];
    for (const [service, track] of this.services) {
      if (track.startingSince !== undefined && slow.enabled) {
        const usual = this.startTimes.median(service, slow.minSamples);
        const elapsed = now - track.startingSince;
        if (usual !== undefined && elapsed > Math.max(slow.minMs, usual * slow.factor)) {
          raise(this.ctx, keyOf('readiness-slow', service), {
            rule: 'readiness-slow',
            service,
            message: `${service} has been starting for ${formatDuration(elapsed)}; it usually takes ${formatDuration(usual)}`,
          });
        }
      }
      const last = track.restarts.latest();
      if (track.readySince !== undefined && last !== undefined && now - Math.max(last, track.readySince) >= loop.windowMs) {
        this.ctx.book.clear(keyOf('crash-loop', service), `${service} has stayed up for ${formatDuration(loop.windowMs)}`);
      }
    }
  }

  private leaveStarting(service: string, track: ServiceTrack): void {
    if (track.startingSince === undefined) return;
    track.startingSince = undefined;
    this.ctx.book.clear(keyOf('readiness-slow', service), `${service} stopped starting`);
  }

  private track(service: string): ServiceTrack {
    let track = this.services.get(service);
    if (!track) {
      track = { restarts: new RecentTimes(this.ctx.rules['crash-loop'].restarts), startingSince: undefined, readySince: undefined };
      this.services.set(service, track);
    }
    return track;
  }
}

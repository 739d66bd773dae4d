/**
 * The alert manager: rules over service lifecycles, logs, memory, liveness
 * and the chat event stream, one book for dedup and cooldown, and the sinks.
 * It only consumes signals and samples on its own timers; it never sits
 * between a service and its logs (it reads the hub's ring buffers on its
 * tick) or between a publisher and its subscribers.
 */
import { join } from 'node:path';
import type { EventObservation } from '../events/index.js';
import { systemClock, type Clock, type TimerHandle } from '../shared/clock.js';
import { AlertBook } from './alert-book.js';
import type { AlertsConfig } from './config.js';
import { sampleGroupRss, type GroupRssSampler } from './process-tree-rss.js';
import { ChatRules } from './rules/chat-rules.js';
import { ErrorBurstRule, type LevelOf, type LogSource } from './rules/error-burst-rule.js';
import { LifecycleRules } from './rules/lifecycle-rules.js';
import { LivenessRule, type LivenessTarget } from './rules/liveness-rule.js';
import { MemoryRule } from './rules/memory-rule.js';
import type { RuleContext } from './rules/rule-context.js';
import type { ServiceSignal } from './service-signal.js';
import { openStartTimes, type StartTimes } from './start-times.js';
import type { ActiveAlert, AlertRecord, AlertSink } from './types.js';

export interface AlertManagerOptions {
  config: AlertsConfig;
  sinks: readonly AlertSink[];
  /** Recent times to ready (readiness-slow); `openStartTimesFor` for the file under `.netra/cache`. */
  startTimes: StartTimes;
  /** The line's level when it is a warning or worse (the logs module's `detectAlertLevel`). */
  levelOf: LevelOf;
  /** Where error-burst reads recent lines on each tick (the log hub's ring buffers); none: the rule is idle. */
  logs?: LogSource;
  /** Re-runnable probes of ready services (liveness-failed). */
  liveness?: LivenessTarget;
  /** The pid (= process group) of each running service (memory-high). */
  pids?: () => ReadonlyMap<string, number>;
  sampleRss?: GroupRssSampler;
  clock?: Clock;
  /** A rule threw (a bug): told once; the manager goes on and never throws into the supervisor. */
  onError?: (error: unknown) => void;
}

export interface AlertManager {
  serviceSignal(service: string, signal: ServiceSignal): void;
  observe(observation: EventObservation): void;
  /** Alerts whose condition holds (or is cooling down), oldest first. */
  active(): ActiveAlert[];
  /** Runs the time-based checks now (the timer does it on its own). */
  tick(): void;
  /** Resolves what is still firing ("stack stopped"), flushes the sinks. */
  close(): Promise<void>;
}

/** How often the time-based checks run: fine enough for the smallest threshold, never busier than 20 Hz. */
export function tickInterval(config: AlertsConfig): number {
  const r = config.rules;
  const candidates = [
    r['run-stuck'].thresholdMs,
    r['tool-stuck'].thresholdMs,
    r['readiness-slow'].minMs,
    r['error-burst'].windowMs,
    r['publish-rejected'].windowMs,
    r['delivery-lag'].windowMs,
    ...Object.values(r).map((rule) => rule.cooldownMs).filter((ms) => ms > 0),
  ];
  return Math.min(1_000, Math.max(50, Math.floor(Math.min(...candidates) / 4)));
}

export function createAlertManager(options: AlertManagerOptions): AlertManager {
  const clock = options.clock ?? systemClock;
  const { config } = options;
  const emit = (record: AlertRecord, final: boolean): void => {
    for (const sink of options.sinks) sink.write(record, final);
  };
  const book = new AlertBook({ now: () => clock.now(), emit });
  const ctx: RuleContext = { book, rules: config.rules, now: () => clock.now() };
  const lifecycle = new LifecycleRules(ctx, options.startTimes);
  const liveness = new LivenessRule(ctx, clock, options.liveness ?? { probeFor: () => undefined });
  const errors = new ErrorBurstRule(ctx, options.levelOf, options.logs ?? { services: () => [], tail: () => [] });
  const chat = new ChatRules(ctx);
  const memory = new MemoryRule(ctx, clock, options.pids ?? (() => new Map()), options.sampleRss ?? sampleGroupRss);
  let closed = false;
  let timer: TimerHandle | undefined;
  let reported = false;
  const guard = (fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      if (!reported) options.onError?.(error);
      reported = true;
    }
  };

  const tick = (): void => {
    guard(() => lifecycle.tick());
    guard(() => errors.tick());
    guard(() => chat.tick());
    guard(() => book.tick());
  };
  if (config.enabled) {
    const every = tickInterval(config);
    const loop = (): void => {
      if (closed) return;
      tick();
      timer = clock.setTimeout(loop, every);
      timer.unref?.();
    };
    timer = clock.setTimeout(loop, every);
    timer.unref?.();
    memory.start();
  }

  return {
    serviceSignal(service, signal) {
      if (closed || !config.enabled) return;
      guard(() => lifecycle.signal(service, signal));
      guard(() => (signal.kind === 'ready' ? liveness.ready(service) : liveness.stop(service, `${service} left the ready state (${signal.kind})`)));
    },
    observe(observation) {
      if (closed || !config.enabled) return;
      guard(() => chat.observe(observation));
    },
    active: () => book.active(),
    tick,
    async close() {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      liveness.close();
      memory.close();
      guard(() => book.resolveAll('the stack stopped'));
      await Promise.all([...options.sinks.map((sink) => sink.close()), options.startTimes.flush()]);
    },
  };
}

/** `<stateDir>/alerts.jsonl` */
export function alertsFilePath(stateDir: string): string {
  return join(stateDir, 'alerts.jsonl');
}

/** The history in `<stateDir>/cache/start-times.json`. */
export function openStartTimesFor(stateDir: string, config: AlertsConfig, onWarning?: (message: string) => void): StartTimes {
  return openStartTimes({ path: join(stateDir, 'cache', 'start-times.json'), keep: config.rules['readiness-slow'].samples, ...(onWarning ? { onWarning } : {}) });
}

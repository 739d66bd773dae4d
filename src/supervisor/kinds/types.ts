/** What differs between service kinds: how an instance starts, how it is probed, what it gives dependents. */
import type { ResolvedService } from '../../config/resolved.js';
import type { LogHub } from '../../logs/index.js';
import type { ExitInfo, ProcessManager, StopOptions } from '../../process/index.js';
import type { LineSource, ProbeSpec } from '../../race/index.js';
import type { Endpoint } from '../environment.js';

/** One run of a service: a child process, or an in-process server. */
export interface ServiceInstance {
  readonly pid: number | undefined;
  readonly startTime: string | undefined;
  readonly exited: Promise<ExitInfo>;
  /** Resolves once the instance is gone; `killed` when the grace ran out. */
  stop(options: StopOptions): Promise<{ killed: boolean } | void>;
  /** Kill now (a second Ctrl+C). */
  kill(): void;
}

export interface StartContext {
  readonly service: ResolvedService;
  readonly root: string;
  readonly stateDir: string;
  /** The port given to this service ('auto' already allocated). */
  readonly port: number | undefined;
  /** The complete environment of the service, interpolated. */
  readonly env: Readonly<Record<string, string>>;
  readonly hub: LogHub;
  readonly processes: ProcessManager;
  /** Aborted when shutdown begins: nothing may be spawned after it. */
  readonly signal: AbortSignal;
  /** `${…}` interpolation with this service's env and discovery. */
  interpolate(template: string, where: string): string;
  /** Marker put in the environment of every process of the stack. */
  readonly marker: { name: string; value: string };
  /**
   * Runs `work` unless the cache says a step with this key already succeeded
   * (`--no-cache` always runs it). Resolves true when it ran.
   */
  cached(step: CachedWork, work: () => Promise<void>): Promise<boolean>;
}

/** A piece of start-up work keyed like a setup step: its inputs' content and some values. */
export interface CachedWork {
  name: string;
  /** Globs relative to the project root. */
  inputs: readonly string[];
  /** Values that key the work besides the inputs (e.g. which database it ran against). */
  values: Readonly<Record<string, string>>;
}

export interface KindRunner {
  start(ctx: StartContext): Promise<ServiceInstance>;
  /** The readiness probe; undefined = ready once started. */
  probe(ctx: StartContext, lines: LineSource): ProbeSpec | undefined;
  /** Work between the probe passing and the service counting as ready (migrations). */
  afterReady?(ctx: StartContext): Promise<void>;
  /** Where the service can be reached, for discovery and `${services.x.url}`. */
  endpoint(service: ResolvedService, port: number | undefined): Endpoint & { wsUrl?: string };
  /** Variables given to services that depend on this one. */
  exports(service: ResolvedService, port: number | undefined): Record<string, string>;
}

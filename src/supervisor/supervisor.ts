/**
 * The stack: one ServiceController per service, started as soon as their
 * dependencies meet their condition (waves fall out of that: independent
 * services start in parallel), stopped in reverse dependency order by one
 * idempotent shutdown path.
 */
import { EventEmitter } from 'node:events';
import type { ResolvedConfig, ResolvedService } from '../config/resolved.js';
import type { LogHub } from '../logs/index.js';
import type { ProcessManager } from '../process/index.js';
import type { Endpoint } from './environment.js';
import { composeEnvironment, interpolate, readEnvFiles } from './environment.js';
import type { CachedWork, KindRunner, StartContext } from './kinds/types.js';
import { FailureError, ServiceController } from './service-controller.js';
import { describeFailure, isTerminal, meetsCondition, type ServiceState } from './service-state.js';
import { mark } from '../shared/timeline.js';

export interface SupervisorOptions {
  config: ResolvedConfig;
  /** The services to run (already closed over dependencies, or `--only`). */
  selected: readonly string[];
  hub: LogHub;
  processes: ProcessManager;
  runners: (service: ResolvedService) => KindRunner;
  /** Ports fixed or allocated before start; `auto` ports may be replaced after a lost race. */
  ports: Map<string, number>;
  /** A fresh auto port for a service (and its discovery file rewritten). */
  allocatePort?: (service: ResolvedService) => Promise<number>;
  inheritedEnv: Readonly<Record<string, string | undefined>>;
  stackId: string;
  readyTimeout?: number;
  /** Runs the cached setup steps of one service. */
  runServiceSetup?: (service: ResolvedService, signal: AbortSignal) => Promise<void>;
  /** Cached start-up work of a kind (migrations); runs it uncached when absent. */
  runCached?: (service: ResolvedService, step: CachedWork, work: () => Promise<void>) => Promise<boolean>;
  onInstance?: (service: string, pid: number, startTime: string | undefined) => void;
  /** Extra variables given to dependents of a service (e.g. the events token). */
  extraExports?: (service: ResolvedService) => Record<string, string>;
}

export type StackOutcome =
  | { reason: 'all-exited'; exitCode: 0 | 1 }
  | { reason: 'service-failed'; service: string; message: string; exitCode: 1 }
  | { reason: 'shutdown'; exitCode: 0 }
  | { reason: 'ready'; exitCode: 0 };

export interface SupervisorEvents {
  state: [name: string, state: ServiceState];
  allReady: [];
}

export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly controllers = new Map<string, ServiceController>();
  private readonly endpoints = new Map<string, Endpoint>();
  private shutdownPromise: Promise<void> | undefined;
  private outcome: StackOutcome | undefined;
  private finished!: (outcome: StackOutcome) => void;
  readonly done: Promise<StackOutcome>;

  constructor(readonly options: SupervisorOptions) {
    super();
    this.done = new Promise((resolve) => (this.finished = resolve));
    for (const name of options.selected) {
      const service = options.config.services[name]!;
      const runner = options.runners(service);
      this.endpoints.set(name, runner.endpoint(service, options.ports.get(name)));
      this.controllers.set(name, this.createController(service, runner));
    }
  }

  /** Starts every selected service; `done` resolves with how the stack ended. */
  start(): void {
    for (const controller of this.controllers.values()) {
      void controller.run().finally(() => this.checkAllExited());
    }
  }

  isReady(): boolean {
    return [...this.controllers.values()].every((c) => c.state.id === 'ready' || c.state.id === 'completed');
  }

  get stackId(): string {
    return this.options.stackId;
  }

  endpoint(name: string): Endpoint | undefined {
    return this.endpoints.get(name);
  }

  /**
   * The one shutdown path (Ctrl+C, SIGTERM, SIGHUP, a failed required
   * service, --exit-when-ready): dependents stop before their dependencies.
   * A second call with `force` kills whatever is still running at once.
   */
  shutdown(outcome: StackOutcome, force = false): Promise<void> {
    this.outcome ??= outcome;
    if (force) {
      for (const controller of this.controllers.values()) void controller.stop(true);
    }
    this.shutdownPromise ??= this.stopInReverseOrder().then(() => this.finished(this.outcome ?? outcome));
    return this.shutdownPromise;
  }

  private stopInReverseOrder(): Promise<void> {
    const stopped = new Map<string, Promise<void>>();
    const stopOne = (name: string): Promise<void> => {
      let promise = stopped.get(name);
      if (promise) return promise;
      const dependents = this.dependentsOf(name);
      promise = Promise.all(dependents.map(stopOne)).then(() => this.controllers.get(name)!.stop());
      stopped.set(name, promise);
      return promise;
    };
    return Promise.all([...this.controllers.keys()].map(stopOne)).then(() => undefined);
  }

  private dependentsOf(name: string): string[] {
    return [...this.controllers.values()]
      .filter((c) => c.service.dependsOn.some((d) => d.service === name))
      .map((c) => c.name);
  }

  private createController(service: ResolvedService, runner: KindRunner): ServiceController {
    const controller: ServiceController = new ServiceController(service, runner, this.options.hub, {
      readyTimeout: this.options.readyTimeout,
      waitForDependencies: (signal) => this.waitForDependencies(service, signal),
      prepare: (signal) => this.prepare(service, signal),
      runSetup: async (signal) => this.options.runServiceSetup?.(service, signal),
      onState: (state) => this.onState(controller, state),
      onInstance: (pid, startTime) => this.options.onInstance?.(service.name, pid, startTime),
      reallocatePort: () => this.reallocatePort(service, runner),
    });
    return controller;
  }

  private readonly portRetries = new Map<string, number>();

  private async reallocatePort(service: ResolvedService, runner: KindRunner): Promise<number | undefined> {
    const retries = this.portRetries.get(service.name) ?? 0;
    if (service.port !== 'auto' || !this.options.allocatePort || retries >= 3) return undefined;
    this.portRetries.set(service.name, retries + 1);
    const port = await this.options.allocatePort(service);
    this.options.ports.set(service.name, port);
    this.endpoints.set(service.name, runner.endpoint(service, port));
    return port;
  }

  private waitForDependencies(service: ResolvedService, signal: AbortSignal): Promise<void> {
    const deps = service.dependsOn.filter((d) => this.controllers.has(d.service));
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (signal.aborted) return finish(resolve);
        for (const dep of deps) {
          const controller = this.controllers.get(dep.service)!;
          const state = controller.state;
          if (state.id === 'failed' || state.id === 'stopped' || (state.id === 'completed' && dep.condition !== 'completed' && !controller.everReady)) {
            return finish(() => reject(new FailureError({ reason: 'dependency-failed', dependency: dep.service })));
          }
        }
        if (deps.every((d) => meetsCondition(this.controllers.get(d.service)!.state, d.condition, this.controllers.get(d.service)!.everReady))) {
          finish(resolve);
        }
      };
      const finish = (fn: () => void): void => {
        this.off('state', check);
        signal.removeEventListener('abort', check);
        fn();
      };
      this.on('state', check);
      signal.addEventListener('abort', check);
      check();
    });
  }

  private async prepare(service: ResolvedService, signal: AbortSignal): Promise<StartContext> {
    const port = this.options.ports.get(service.name);
    const fileValues = await readEnvFiles(service.envFiles);
    const fromDependencies: Record<string, string> = {};
    for (const dep of service.dependsOn) {
      const controller = this.controllers.get(dep.service);
      if (!controller) continue;
      Object.assign(
        fromDependencies,
        this.options.runners(controller.service).exports(controller.service, this.options.ports.get(dep.service)),
        this.options.extraExports?.(controller.service) ?? {},
      );
    }
    const base = composeEnvironment({
      inherited: this.options.inheritedEnv,
      fileValues,
      envFileOverride: service.envFileOverride,
      fromDependencies: { ...fromDependencies, ...(port === undefined ? {} : { [service.portEnv]: String(port) }) },
      own: {},
      markers: {},
    });
    // The service's own values may use ${PORT}, ${DATABASE_URL} and ${services.x.url}.
    const own: Record<string, string> = {};
    for (const [key, value] of Object.entries(service.env)) {
      own[key] = interpolate(value, { ...base, ...own }, this.endpoints, `services.${service.name}.env.${key}`);
    }
    const marker = { name: 'NETRA_SERVICE_ID', value: `${this.options.stackId}:${service.name}` };
    const env = composeEnvironment({
      inherited: base,
      fileValues: {},
      envFileOverride: false,
      fromDependencies: {},
      own,
      markers: { NETRA_STACK_ID: this.options.stackId, NETRA_SERVICE: service.name, [marker.name]: marker.value },
    });
    return {
      service,
      root: this.options.config.root,
      stateDir: this.options.config.stateDir,
      port,
      env,
      hub: this.options.hub,
      processes: this.options.processes,
      signal,
      marker,
      interpolate: (template, where) => interpolate(template, env, this.endpoints, where),
      cached: async (step, work) => {
        if (this.options.runCached) return this.options.runCached(service, step, work);
        await work();
        return true;
      },
    };
  }

  private onState(controller: ServiceController, state: ServiceState): void {
    this.emit('state', controller.name, state);
    if (state.id === 'failed') this.onFailed(controller);
    if ((state.id === 'ready' || state.id === 'completed') && this.isReady()) {
      mark('all ready');
      this.emit('allReady');
    }
  }

  private onFailed(controller: ServiceController): void {
    if (this.shutdownPromise) return;
    const state = controller.state;
    if (state.id !== 'failed') return;
    const message = describeFailure(state.reason);
    const crashed = state.reason.reason !== 'dependency-failed';
    this.options.hub.netra(controller.name, message, 'error');
    if (crashed) this.options.hub.printCrashContext(controller.name, message, 20);
    if (controller.service.optional || state.reason.reason === 'dependency-failed') {
      // Its dependents cannot work without it; the rest of the stack goes on.
      for (const dependent of this.dependentsOf(controller.name)) void this.controllers.get(dependent)?.stop();
      return;
    }
    void this.shutdown({ reason: 'service-failed', service: controller.name, message, exitCode: 1 });
  }

  private checkAllExited(): void {
    if (this.shutdownPromise) return;
    const controllers = [...this.controllers.values()];
    if (!controllers.every((c) => isTerminal(c.state))) return;
    const allClean = controllers.every((c) => c.state.id === 'completed');
    const exitCode = allClean ? 0 : 1;
    this.outcome = { reason: 'all-exited', exitCode };
    void this.shutdown(this.outcome);
  }
}

/**
 * Drives one service through its lifecycle (service-state.ts): wait for
 * dependencies, start, probe, restart per policy with backoff, stop.
 * Everything platform- or kind-specific is behind `KindRunner`.
 */
import { looksLikePortConflict, waitForReady, describeProbe, type LineSource } from '../race/index.js';
import type { ResolvedService } from '../config/resolved.js';
import type { LogHub } from '../logs/index.js';
import { delay } from '../shared/clock.js';
import { errorMessage } from '../shared/errors.js';
import type { ExitInfo } from '../process/index.js';
import type { KindRunner, ServiceInstance, StartContext } from './kinds/types.js';
import { SpawnFailed } from './kinds/child-process.js';
import { decideRestart } from './restart-policy.js';
import { describeExit, isTerminal, type ServiceFailure, type ServiceState } from './service-state.js';
import { mark } from '../shared/timeline.js';

export interface ControllerHooks {
  /** Resolves when every dependency meets its condition; rejects with the failed dependency's name. */
  waitForDependencies(signal: AbortSignal): Promise<void>;
  /** Builds the start context (environment, port) right before each start. */
  prepare(signal: AbortSignal): Promise<StartContext>;
  /** Setup steps of this service (cached), run once before its first start. */
  runSetup(signal: AbortSignal): Promise<void>;
  onState(state: ServiceState): void;
  /** A process was spawned for this service (the orphan guard records it). */
  onInstance(pid: number, startTime: string | undefined): void;
  /** A fresh port for an `auto`-port service that lost its port (undefined: no retry left or fixed port). */
  reallocatePort(): Promise<number | undefined>;
  /** Readiness budget override (`--timeout`). */
  readyTimeout: number | undefined;
}

const MAX_PROBE_LINES = 2_000;

export class ServiceController {
  state: ServiceState = { id: 'pending' };
  everReady = false;
  restarts = 0;
  private readonly restartTimes: number[] = [];
  private instance: ServiceInstance | undefined;
  private readonly stopController = new AbortController();
  private stopRequest: { force: boolean } | undefined;
  private lastExit: ExitInfo | undefined;
  /** A restart asked for (control plane, file watch): the next exit is not a crash. */
  private restartRequested = false;
  private restarting: Promise<void> | undefined;
  private readonly stateListeners = new Set<() => void>();

  constructor(
    readonly service: ResolvedService,
    private readonly runner: KindRunner,
    private readonly hub: LogHub,
    private readonly hooks: ControllerHooks,
  ) {}

  get name(): string {
    return this.service.name;
  }

  get pid(): number | undefined {
    return this.instance?.pid;
  }

  /** The whole life of the service; resolves when it reaches a terminal state. */
  async run(): Promise<void> {
    const signal = this.stopController.signal;
    try {
      this.setState({ id: 'waiting', for: this.service.dependsOn.map((d) => d.service) });
      await this.hooks.waitForDependencies(signal);
      if (signal.aborted) return this.setState({ id: 'stopped' });
      await this.hooks.runSetup(signal);
      for (;;) {
        if (signal.aborted) return this.setState({ id: 'stopped' });
        const exit = await this.runOnce(signal);
        if (signal.aborted) return this.setState({ id: 'stopped' });
        if (exit === 'restart') continue;
        if (exit === undefined) return this.setState({ id: 'stopped' });
        const decision = decideRestart(this.service, exit, this.restartTimes, Date.now());
        if (!decision.restart) {
          if (decision.reason === 'completed') return this.setState({ id: 'completed' });
          const failure: ServiceFailure =
            decision.reason === 'limit'
              ? { reason: 'restart-limit', exit: describeExit(exit), restarts: this.restarts }
              : { reason: 'exited', exit: describeExit(exit), restarts: this.restarts };
          return this.fail(failure);
        }
        // The first crash shows its cause on screen; later ones of a loop are summed up by the restart count.
        if (this.restarts === 0) this.hub.printCrashContext(this.name, `crashed: ${describeExit(exit)}`, 10);
        this.hub.netra(this.name, `${describeExit(exit)}; restarting in ${decision.delayMs} ms (restart ${decision.attempt} of ${this.service.restart.maxRestarts})`, 'warn');
        this.setState({ id: 'backoff', until: Date.now() + decision.delayMs, attempt: decision.attempt, lastExit: describeExit(exit) });
        try {
          await delay(decision.delayMs, signal);
        } catch {
          return this.setState({ id: 'stopped' });
        }
        this.restartTimes.push(Date.now());
        this.restarts += 1;
      }
    } catch (error) {
      if (signal.aborted) return this.setState({ id: 'stopped' });
      this.fail(toFailure(error));
    }
  }

  /** One instance from start to exit; undefined when stopped by netra. */
  private async runOnce(signal: AbortSignal): Promise<ExitInfo | 'restart' | undefined> {
    this.lastExit = undefined;
    this.restartRequested = false;
    const ctx = await this.hooks.prepare(signal);
    if (signal.aborted) return undefined;
    const started = Date.now();
    const lines = this.lineSource();
    const instance = await this.runner.start(ctx);
    this.instance = instance;
    if (instance.pid !== undefined) this.hooks.onInstance(instance.pid, instance.startTime);
    this.setState({ id: 'starting', pid: instance.pid, since: started });
    this.hub.netra(this.name, instance.pid === undefined ? 'starting' : `started (pid ${instance.pid})`);
    const exitOrStop = instance.exited.then((exit) => {
      this.lastExit = exit;
      return exit;
    });
    const probe = this.runner.probe(ctx, lines.source);
    const probeAbort = new AbortController();
    const onStop = (): void => probeAbort.abort();
    signal.addEventListener('abort', onStop, { once: true });
    void exitOrStop.then(() => probeAbort.abort());
    try {
      if (probe) {
        const result = await waitForReady(probe, {
          timeout: this.hooks.readyTimeout ?? this.service.ready.timeout,
          interval: this.service.ready.interval,
          signal: probeAbort.signal,
        });
        if (!result.ok && result.reason === 'timeout') {
          lines.close();
          await instance.stop(this.service.stop);
          throw new FailureError({
            reason: 'readiness-timeout',
            probe: describeProbe(probe),
            lastError: result.lastError,
            elapsedMs: result.elapsedMs,
          });
        }
      }
      lines.close();
      if (this.lastExit === undefined && !signal.aborted) {
        await this.runner.afterReady?.(ctx);
        const now = Date.now();
        this.everReady = true;
        mark(`${this.name} ready`);
        this.setState({ id: 'ready', pid: instance.pid, readyAt: now, timeToReadyMs: now - started });
        this.hub.netra(this.name, `ready in ${formatMs(now - started)}`);
      }
    } finally {
      signal.removeEventListener('abort', onStop);
      lines.close();
    }
    const exit = await exitOrStop;
    if (exit.spawnError) throw new FailureError({ reason: 'spawn-failed', message: exit.spawnError });
    if (this.stopRequest) return undefined;
    if (this.restartRequested) return 'restart';
    if (this.state.id === 'starting' && looksLikePortConflict(lines.source.recent?.() ?? [])) {
      // Another program took the auto port between allocation and bind: try a fresh one.
      const port = await this.hooks.reallocatePort();
      if (port !== undefined) {
        this.hub.netra(this.name, `lost its port to another program; retrying on port ${port}`, 'warn');
        return 'restart';
      }
    }
    this.hub.netra(this.name, describeExit(exit), exit.code === 0 ? 'info' : 'error');
    return exit;
  }

  /** Lines of this instance only, for `ready.log` probes. */
  private lineSource(): { source: LineSource; close(): void } {
    const recent: string[] = [];
    const listeners = new Set<(line: string) => void>();
    const off = this.hub.subscribe((record) => {
      if (record.service !== this.name || record.stream === 'netra') return;
      if (recent.length < MAX_PROBE_LINES) recent.push(record.line);
      for (const listener of listeners) listener(record.line);
    });
    return {
      source: {
        subscribe: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        recent: () => recent,
      },
      close: off,
    };
  }

  /**
   * Restarts the running instance: stop its whole tree, then start anew
   * (not counted against the restart limit). Single-flight: a request while
   * one is in progress joins it.
   */
  restart(): Promise<void> {
    if (this.restarting) return this.restarting;
    const instance = this.instance;
    if (!instance || this.stopRequest || isTerminal(this.state) || this.lastExit !== undefined) {
      return Promise.resolve();
    }
    this.restartRequested = true;
    this.hub.netra(this.name, 'restarting');
    this.restarting = (async () => {
      try {
        await instance.stop(this.service.stop);
        // The run loop starts the next instance; wait until it is up (or given up).
        await new Promise<void>((resolve) => {
          const check = (): void => {
            if (this.instance !== instance || isTerminal(this.state) || this.stopRequest) {
              this.stateListeners.delete(check);
              resolve();
            }
          };
          this.stateListeners.add(check);
          check();
        });
      } finally {
        this.restarting = undefined;
      }
    })();
    return this.restarting;
  }

  /** Stops the current instance (if any) and ends the lifecycle. Idempotent; `force` skips the grace. */
  async stop(force = false): Promise<void> {
    const firstRequest = this.stopRequest === undefined;
    this.stopRequest = { force: force || (this.stopRequest?.force ?? false) };
    this.stopController.abort();
    const instance = this.instance;
    if (!instance || (this.lastExit !== undefined && !firstRequest && !force)) return;
    if (force) {
      instance.kill();
      await instance.exited;
      return;
    }
    const wasRunning = this.lastExit === undefined;
    if (wasRunning && !isTerminal(this.state)) this.setState({ id: 'stopping', pid: instance.pid });
    const result = await instance.stop(this.service.stop);
    if (wasRunning) {
      const { signal, grace } = this.service.stop;
      this.hub.netra(this.name, result?.killed ? `stopped (SIGKILL: still running ${grace} ms after ${signal})` : 'stopped');
    }
  }

  private fail(failure: ServiceFailure): void {
    this.setState({ id: 'failed', reason: failure });
  }

  private setState(state: ServiceState): void {
    if (isTerminal(this.state) && state.id !== 'failed') return;
    this.state = state;
    this.hooks.onState(state);
    for (const listener of [...this.stateListeners]) listener();
  }
}

/** A failure raised inside the lifecycle, carrying its reason. */
export class FailureError extends Error {
  constructor(readonly failure: ServiceFailure) {
    super(failure.reason);
  }
}

function toFailure(error: unknown): ServiceFailure {
  if (error instanceof FailureError) return error.failure;
  if (error instanceof SpawnFailed) return { reason: 'spawn-failed', message: error.message };
  return { reason: 'start-error', message: errorMessage(error) };
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

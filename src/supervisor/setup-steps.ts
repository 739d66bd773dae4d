/**
 * Cached setup steps (`setup: [{name, command, inputs, env}]`, global or per
 * service): skipped when the cache key matches the last success, otherwise
 * run with their output in the log stream; a failure stops `dev up`.
 */
import { EventEmitter } from 'node:events';
import type { ResolvedSetupStep } from '../config/resolved.js';
import type { CacheManager } from '../cache/index.js';
import type { LogHub } from '../logs/index.js';
import type { ProcessManager } from '../process/index.js';
import { pipeToHub } from './kinds/child-process.js';
import { FailureError } from './service-controller.js';
import { describeExit } from './service-state.js';

export type SetupStepStatus =
  | { id: 'pending' }
  | { id: 'skipped'; since: string }
  | { id: 'running'; reason: string; changed: readonly string[] }
  | { id: 'done'; ms: number }
  | { id: 'failed'; message: string };

export interface SetupRunnerOptions {
  cache: CacheManager;
  processes: ProcessManager;
  hub: LogHub;
  env: Readonly<Record<string, string | undefined>>;
  noCache: boolean;
  marker: { name: string; value: string };
}

/** Where a step's output is filed: its service's log, or `setup` for global steps. */
export const GLOBAL_SETUP_LOG = 'setup';

export class SetupRunner extends EventEmitter<{ step: [id: string, status: SetupStepStatus] }> {
  constructor(private readonly options: SetupRunnerOptions) {
    super();
  }

  static id(step: ResolvedSetupStep): string {
    return step.service ? `${step.service}/${step.name}` : step.name;
  }

  async runAll(steps: readonly ResolvedSetupStep[], signal: AbortSignal): Promise<void> {
    for (const step of steps) {
      if (signal.aborted) return;
      await this.run(step, signal);
    }
  }

  private async run(step: ResolvedSetupStep, signal: AbortSignal): Promise<void> {
    const { cache, hub } = this.options;
    const id = SetupRunner.id(step);
    const log = step.service ?? GLOBAL_SETUP_LOG;
    const decision = await cache.plan(step, this.options.env, { noCache: this.options.noCache });
    if (!decision.run) {
      hub.netra(log, `setup ${step.name}: skipped, inputs unchanged since ${decision.lastSuccessAt}`);
      this.emit('step', id, { id: 'skipped', since: decision.lastSuccessAt });
      return;
    }
    const changed = decision.changed ?? [];
    hub.netra(log, `setup ${step.name}: running (${decision.reason}${changed.length ? `: ${changed.slice(0, 3).join(', ')}` : ''})`);
    this.emit('step', id, { id: 'running', reason: decision.reason, changed });
    const started = Date.now();
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.options.env)) if (value !== undefined) env[key] = value;
    env[this.options.marker.name] = this.options.marker.value;
    const handle = this.options.processes.spawn({ command: step.command, cwd: step.cwd, env, marker: this.options.marker });
    pipeToHub(handle, log, hub);
    const onAbort = (): void => void handle.stop({ signal: 'SIGTERM', grace: 2_000 });
    signal.addEventListener('abort', onAbort, { once: true });
    const exit = await handle.exited.finally(() => signal.removeEventListener('abort', onAbort));
    if (signal.aborted) return;
    if (exit.code !== 0 || exit.spawnError) {
      const message = exit.spawnError ?? describeExit(exit);
      this.emit('step', id, { id: 'failed', message });
      hub.printCrashContext(log, `setup step "${step.name}" ${message}`, 20);
      throw new FailureError({ reason: 'setup-failed', step: id, message });
    }
    await cache.recordSuccess(step, decision.key);
    const ms = Date.now() - started;
    hub.netra(log, `setup ${step.name}: done in ${ms} ms`);
    this.emit('step', id, { id: 'done', ms });
  }
}

/** The cache manager's model: setup steps, their keys, and skip/run decisions. */

/** A cached setup step (global, or one service's). Structurally a config `ResolvedSetupStep`. */
export interface SetupStep {
  name: string;
  /** argv array (no shell) or a shell string; part of the key as written. */
  command: string | readonly string[];
  /** Globs relative to the project root whose content keys the cache. `!glob` excludes. A folder means everything under it. */
  inputs: readonly string[];
  /** Names of environment variables whose values key the cache. */
  env?: readonly string[];
  /** Absolute working directory; part of the key (relative to the root). */
  cwd?: string;
  /** The owning service; undefined for global steps. */
  service?: string | undefined;
}

export type RunReason = 'no-entry' | 'command-changed' | 'env-changed' | 'input-changed' | 'no-cache';

export type StepDecision =
  | { run: false; key: string; lastSuccessAt: string }
  | {
      run: true;
      key: string;
      reason: RunReason;
      /** What changed: input paths (`+added`, `-removed`, `path`), env names, or `command`. */
      changed?: string[];
    };

export interface StepStatus {
  /** `service/name` for service steps, `name` for global ones. */
  id: string;
  name: string;
  service: string | undefined;
  key: string;
  /** ISO time of the last success, if any. */
  lastSuccessAt: string | undefined;
  wouldRun: boolean;
  reason: RunReason | undefined;
  changed: string[] | undefined;
  /** Number of input files hashed into the key. */
  inputFiles: number;
}

export interface PlanOptions {
  /** `--no-cache`: decide to run whatever the entry says. */
  noCache?: boolean;
}

export interface CacheManager {
  /** Starts hashing the steps' inputs now, in the background (off the main thread for big sets). */
  warm(steps: readonly SetupStep[]): void;
  plan(step: SetupStep, env: Readonly<Record<string, string | undefined>>, options?: PlanOptions): Promise<StepDecision>;
  /** Records that the step succeeded with the key `plan` returned. */
  recordSuccess(step: SetupStep, key: string): Promise<void>;
  status(steps: readonly SetupStep[], env: Readonly<Record<string, string | undefined>>): Promise<StepStatus[]>;
  /** Deletes one step's entry (by `name` or `service/name`), or all; returns how many. */
  clear(stepName?: string): Promise<number>;
  /** Stops the hashing workers and saves the stat cache. */
  close(): Promise<void>;
}

export function stepId(step: Pick<SetupStep, 'name' | 'service'>): string {
  return step.service ? `${step.service}/${step.name}` : step.name;
}

/**
 * The user-facing config shape of `launcher.config.ts` (../shared/CLI.md,
 * "Config shape"). Every field but `command` (or `kind`) is optional. Times
 * are milliseconds. `${NAME}` in strings is replaced from the service's
 * environment; `${services.<name>.url}` / `${services.<name>.port}` from
 * discovery.
 */

export type ServiceKind = 'process' | 'pglite' | 'postgres' | 'events' | 'external';

/** An argv array (run without a shell) or a string (run by the platform shell). */
export type CommandSpec = string | readonly string[];

export type DependencyCondition = 'started' | 'ready' | 'completed';

export type DependencySpec = string | { service: string; condition?: DependencyCondition };

export interface ReadyConfig {
  /** Ready when a TCP connect to this port (on 127.0.0.1) or `{host, port}` succeeds. */
  tcp?: number | { host?: string; port: number };
  /** Ready when a GET of this URL answers 2xx. */
  http?: string;
  /** Ready when a line of the service's output matches (a string is a regular expression source). */
  log?: string | RegExp;
  /** Ready when this command exits 0. */
  exec?: CommandSpec;
  /** Budget for readiness, default 60 000 (`--timeout` overrides). */
  timeout?: number;
  /** Time between attempts, default 100 (25 for database kinds). */
  interval?: number;
}

export type RestartPolicyName = 'no' | 'on-failure' | 'always';

export interface RestartConfig {
  policy?: RestartPolicyName;
  /** Restarts allowed after the first start before the service is marked failed; default 5. */
  maxRestarts?: number;
  /** Exponential backoff between restarts: `initial` doubling up to `max`. */
  backoff?: { initial?: number; max?: number; factor?: number };
  /** Restarts counted in this window only (ms); default: the whole run. */
  window?: number;
}

export interface StopConfig {
  /** Sent to the process group first; default SIGTERM. */
  signal?: NodeJS.Signals;
  /** Time allowed after the signal before SIGKILL; default 5 000. */
  grace?: number;
}

export interface SetupStepConfig {
  name: string;
  command: CommandSpec;
  /** Globs (relative to the project root) whose content keys the cache. */
  inputs?: readonly string[];
  /** Names of environment variables whose values key the cache. */
  env?: readonly string[];
  cwd?: string;
}

export interface WatchConfig {
  paths: readonly string[];
  ignore?: readonly string[];
  /** Quiet time before a burst of changes gives one restart; default 200. */
  debounce?: number;
}

export interface ServiceLogsConfig {
  include?: readonly (string | RegExp)[];
  exclude?: readonly (string | RegExp)[];
  /** Collapse consecutive repeated lines on the terminal (the file keeps them all). */
  collapseRepeats?: boolean;
  /** Lines kept in memory for crash context and `dev status`; default 200. */
  bufferLines?: number;
}

export interface ServiceConfig {
  /** `process` (default), `pglite`, `postgres`, `events` or `external`. */
  kind?: ServiceKind;
  command?: CommandSpec;
  cwd?: string;
  env?: Readonly<Record<string, string | number | boolean>>;
  /** Files of KEY=value lines, relative to the service's cwd; missing files are skipped. */
  envFile?: string | readonly string[];
  /** When true, values from `envFile` win over the inherited process environment. */
  envFileOverride?: boolean;
  dependsOn?: readonly DependencySpec[];
  ready?: ReadyConfig;
  restart?: RestartPolicyName | RestartConfig;
  stop?: StopConfig;
  /** A fixed port, or 'auto' for a free one; given to the process as `PORT` (or `portEnv`). */
  port?: number | 'auto';
  /** The variable the port is passed in; default `PORT`. */
  portEnv?: string;
  /** Interface the service binds to; default 127.0.0.1. */
  host?: string;
  setup?: readonly SetupStepConfig[];
  watch?: WatchConfig | readonly string[];
  /** When true, its failure does not stop the stack. */
  optional?: boolean;
  logs?: ServiceLogsConfig;
  /** pglite / postgres: folder of `*.sql` migrations applied in order before the service is ready. */
  migrations?: string;
  /** pglite / postgres: database name; default `postgres` (pglite) or `app` (postgres). */
  database?: string;
  /** pglite / postgres: data folder; default `.netra/<kind>/<service>`. */
  dataDir?: string;
  /** pglite: connections multiplexed onto the single PGlite connection; default 8. */
  maxConnections?: number;
  /** external: the database URL to wait for. */
  url?: string;
  /** events: extra allowed UI origins. */
  allowedOrigins?: readonly string[];
  /** events: abandoned-run timeout; default 300 000. */
  runTimeoutMs?: number;
  /** events: how `netra events verify` triggers one real run. */
  verify?: EventsVerifyConfig;
}

export interface EventsVerifyConfig {
  /** POSTed `{threadId, message}`; e.g. `${services.backend.url}/api/chat`. */
  trigger: string;
  message?: string;
  timeout?: number;
}

export interface BoundaryRule {
  /** Glob of importing files. */
  from: string;
  /** Globs (or module names) those files must not import. */
  disallow: readonly string[];
  message?: string;
}

export interface VerifyImportsConfig {
  boundaries?: readonly BoundaryRule[];
  /** `module:name` entries that must resolve. */
  critical?: readonly string[];
  ignore?: readonly string[];
}

export interface UserConfig {
  services: Readonly<Record<string, ServiceConfig>>;
  /** Cached steps run before any service. */
  setup?: readonly SetupStepConfig[];
  logs?: { maxBytes?: number; maxFiles?: number };
  verifyImports?: VerifyImportsConfig;
  /** Alert rules; see docs/alerts.md. */
  alerts?: Readonly<Record<string, unknown>>;
}

export interface ConfigEnv {
  command: 'dev' | 'logs' | 'verify-imports' | 'events' | 'cache' | 'doctor' | 'alerts';
  mode: string;
}

export type UserConfigExport = UserConfig | ((env: ConfigEnv) => UserConfig | Promise<UserConfig>);

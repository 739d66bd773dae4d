import { isAbsolute, join, resolve } from 'node:path';
import { dependencyName } from './rules.js';
import type { ResolvedConfig, ResolvedProbe, ResolvedService, ResolvedSetupStep } from './resolved.js';
import type { ReadyConfig, ServiceConfig, SetupStepConfig, UserConfig, WatchConfig } from './types.js';

export const DEFAULTS = {
  readyTimeout: 60_000,
  readyInterval: 100,
  /** Database probes are a local connection attempt: cheap enough to poll fast. */
  databaseReadyInterval: 25,
  maxRestarts: 5,
  backoffInitial: 250,
  backoffMax: 10_000,
  backoffFactor: 2,
  stopGrace: 5_000,
  watchDebounce: 200,
  logMaxBytes: 10 * 1024 * 1024,
  logMaxFiles: 5,
  pgliteMaxConnections: 8,
  host: '127.0.0.1',
} as const;

/** Applies defaults and makes paths absolute. Call only on a validated config. */
export function resolveConfig(
  user: UserConfig,
  configPath: string,
  root: string,
  warnings: readonly string[],
): ResolvedConfig {
  const services: Record<string, ResolvedService> = {};
  for (const [name, service] of Object.entries(user.services)) {
    services[name] = resolveService(name, service, root);
  }
  return {
    root,
    configPath,
    stateDir: join(root, '.netra'),
    services,
    startOrder: topologicalOrder(user),
    setup: (user.setup ?? []).map((step) => resolveStep(step, root, undefined)),
    logs: {
      maxBytes: user.logs?.maxBytes ?? DEFAULTS.logMaxBytes,
      maxFiles: user.logs?.maxFiles ?? DEFAULTS.logMaxFiles,
    },
    verifyImports: user.verifyImports ?? {},
    alerts: user.alerts ?? {},
    warnings,
    user,
  };
}

function resolveService(name: string, service: ServiceConfig, root: string): ResolvedService {
  const kind = service.kind ?? 'process';
  const cwd = absolute(root, service.cwd ?? '.');
  const host = service.host ?? DEFAULTS.host;
  const connectHost = host === '0.0.0.0' ? '127.0.0.1' : host;
  const restart = typeof service.restart === 'string' ? { policy: service.restart } : (service.restart ?? {});
  const envFiles = service.envFile === undefined ? [] : [service.envFile].flat();
  const watch: WatchConfig | undefined = isGlobList(service.watch) ? { paths: service.watch } : service.watch;
  return {
    name,
    kind,
    command: service.command,
    cwd,
    env: Object.fromEntries(Object.entries(service.env ?? {}).map(([k, v]) => [k, String(v)])),
    envFiles: envFiles.map((file) => absolute(cwd, file)),
    envFileOverride: service.envFileOverride ?? false,
    dependsOn: (service.dependsOn ?? []).map((spec) => ({
      service: dependencyName(spec),
      condition: typeof spec === 'string' ? 'ready' : (spec.condition ?? 'ready'),
    })),
    ready: {
      probe: resolveProbe(service.ready, service.port, connectHost),
      timeout: service.ready?.timeout ?? DEFAULTS.readyTimeout,
      interval: service.ready?.interval ?? (kind === 'pglite' || kind === 'postgres' ? DEFAULTS.databaseReadyInterval : DEFAULTS.readyInterval),
    },
    restart: {
      policy: restart.policy ?? (kind === 'process' ? 'no' : 'on-failure'),
      maxRestarts: restart.maxRestarts ?? DEFAULTS.maxRestarts,
      backoff: {
        initial: restart.backoff?.initial ?? DEFAULTS.backoffInitial,
        max: restart.backoff?.max ?? DEFAULTS.backoffMax,
        factor: restart.backoff?.factor ?? DEFAULTS.backoffFactor,
      },
      window: restart.window,
    },
    stop: {
      // PostgreSQL's fast shutdown is SIGINT; SIGTERM would wait for clients ("smart").
      signal: service.stop?.signal ?? (kind === 'postgres' ? 'SIGINT' : 'SIGTERM'),
      grace: service.stop?.grace ?? DEFAULTS.stopGrace,
    },
    port: service.port ?? (kind === 'pglite' || kind === 'postgres' || kind === 'events' ? 'auto' : undefined),
    portEnv: service.portEnv ?? 'PORT',
    host,
    connectHost,
    setup: (service.setup ?? []).map((step) => resolveStep(step, root, name)),
    watch: watch && {
      paths: watch.paths,
      ignore: watch.ignore ?? [],
      debounce: watch.debounce ?? DEFAULTS.watchDebounce,
    },
    optional: service.optional ?? false,
    logs: service.logs ?? {},
    migrations: service.migrations === undefined ? undefined : absolute(root, service.migrations),
    database: service.database ?? (kind === 'postgres' ? 'app' : 'postgres'),
    dataDir: absolute(root, service.dataDir ?? join('.netra', kind, name)),
    maxConnections: service.maxConnections ?? DEFAULTS.pgliteMaxConnections,
    url: service.url,
    allowedOrigins: service.allowedOrigins ?? [],
    runTimeoutMs: service.runTimeoutMs,
    verify: service.verify,
  };
}

/** No probe configured: a service with a port is ready when the port accepts connections. */
function resolveProbe(
  ready: ReadyConfig | undefined,
  port: number | 'auto' | undefined,
  connectHost: string,
): ResolvedProbe | undefined {
  if (ready?.tcp !== undefined) {
    return typeof ready.tcp === 'number'
      ? { kind: 'tcp', host: '127.0.0.1', port: ready.tcp }
      : { kind: 'tcp', host: ready.tcp.host ?? '127.0.0.1', port: ready.tcp.port };
  }
  if (ready?.http !== undefined) return { kind: 'http', url: ready.http };
  if (ready?.log !== undefined) {
    return { kind: 'log', pattern: typeof ready.log === 'string' ? new RegExp(ready.log) : ready.log };
  }
  if (ready?.exec !== undefined) return { kind: 'exec', command: ready.exec };
  if (port !== undefined) {
    // 0 is filled in with the real port at start; `auto` is resolved there too.
    return { kind: 'tcp', host: connectHost, port: port === 'auto' ? 0 : port };
  }
  return undefined;
}

function resolveStep(step: SetupStepConfig, root: string, service: string | undefined): ResolvedSetupStep {
  return {
    name: step.name,
    command: step.command,
    inputs: step.inputs ?? [],
    env: step.env ?? [],
    cwd: absolute(root, step.cwd ?? '.'),
    service,
  };
}

function isGlobList(value: ServiceConfig['watch']): value is readonly string[] {
  return Array.isArray(value);
}

function absolute(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}

/** Dependencies first, otherwise in declaration order. Assumes no cycle. */
function topologicalOrder(user: UserConfig): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of user.services[name]?.dependsOn ?? []) visit(dependencyName(dep));
    order.push(name);
  };
  for (const name of Object.keys(user.services)) visit(name);
  return order;
}

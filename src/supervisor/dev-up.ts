/**
 * `netra dev up` as a library call: lock, ports, logs, then the supervisor.
 * Nothing is started until every check has passed, and every exit path
 * goes through `stop()`, which flushes the logs and releases the lock.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedConfig, ResolvedService } from '../config/resolved.js';
import { createLogHub, type LogHub } from '../logs/index.js';
import { createProcessManager, startWatchdog, type ProcessManager } from '../process/index.js';
import {
  acquireLock,
  allocatePort,
  assertPortsFree,
  clearDiscovery,
  watchPaths,
  writeDiscovery,
  type LockHandle,
  type Watcher,
} from '../race/index.js';
import { unreachable } from '../shared/unreachable.js';
import { externalKind, pgliteKind, postgresKind } from './kinds/database-kinds.js';
import { createEventsKind, type EventsKindState } from './kinds/events-kind.js';
import { processKind } from './kinds/process-kind.js';
import type { KindRunner } from './kinds/types.js';
import { selectServices, type Selection } from './select.js';
import { StateFileWriter, snapshotState } from './state-file.js';
import { startControlServer } from './control-server.js';
import { wireAlerts } from './alerts-wiring.js';
import { parseAlertsConfig } from '../alerts/index.js';
import type { EventServer } from '../events/index.js';
import { cleanUpStaleStack } from './stale-stack.js';
import { Supervisor, type StackOutcome } from './supervisor.js';
import { GLOBAL_SETUP_LOG, SetupRunner } from './setup-steps.js';
import { createCacheManager } from '../cache/index.js';
import { FailureError } from './service-controller.js';
import { describeFailure } from './service-state.js';
import { errorMessage } from '../shared/errors.js';
import { mark } from '../shared/timeline.js';

export interface DevUpOptions extends Selection {
  /** Restart services when their `watch` files change (default true; `--no-watch`). */
  watch?: boolean;
  /** Run every setup step even when its inputs did not change (`--no-cache`). */
  noCache?: boolean;
  config: ResolvedConfig;
  /** Readiness budget per service, ms (`--timeout`). */
  readyTimeout?: number;
  exitWhenReady?: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  color: boolean;
  /** Warnings about the stack itself (stale lock taken over, unwritable logs). */
  onWarning: (message: string) => void;
  env?: Readonly<Record<string, string | undefined>>;
  processes?: ProcessManager;
}

export interface DevUpSession {
  readonly supervisor: Supervisor;
  readonly hub: LogHub;
  readonly services: readonly string[];
  /** Setup steps in run order (ids `name` or `service/name`), and their progress. */
  readonly setup: SetupRunner;
  readonly setupSteps: readonly string[];
  /** Resolves once everything is stopped, files flushed and the lock released. */
  readonly finished: Promise<StackOutcome>;
  /** The shutdown path; `force` kills at once (a second Ctrl+C). */
  stop(force?: boolean): Promise<StackOutcome>;
}

export async function startDevUp(options: DevUpOptions): Promise<DevUpSession> {
  const { config } = options;
  const selected = selectServices(config, options);
  // Every config problem is found before anything is created or started.
  parseAlertsConfig(config.alerts);
  await mkdir(config.stateDir, { recursive: true });
  const lock = await acquireLock(config.stateDir, { onWarning: options.onWarning });
  mark('lock acquired');
  try {
    await cleanUpStaleStack(config.stateDir, options.onWarning);
    return await startLocked(options, selected.names, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function startLocked(options: DevUpOptions, names: readonly string[], lock: LockHandle): Promise<DevUpSession> {
  const { config } = options;
  const services = names.map((name) => config.services[name]!);
  await assertPortsFree(
    services.flatMap((s) => (typeof s.port === 'number' ? [{ service: s.name, port: s.port }] : [])),
  );
  const ports = new Map<string, number>();
  for (const service of services) {
    if (service.port === 'auto') ports.set(service.name, await allocatePort(service.connectHost));
    else if (typeof service.port === 'number') ports.set(service.name, service.port);
  }

  const setupSteps = [...config.setup, ...services.flatMap((s) => s.setup)];
  const hub = createLogHub({
    logDir: join(config.stateDir, 'logs'),
    services: config.setup.length > 0 ? [GLOBAL_SETUP_LOG, ...names] : [...names],
    stdout: options.stdout,
    stderr: options.stderr,
    color: options.color,
    rotation: { maxBytes: config.logs.maxBytes, maxFiles: config.logs.maxFiles },
    serviceOptions: Object.fromEntries(services.map((s) => [s.name, toLogOptions(s)])),
    onWarning: options.onWarning,
  });

  const serverListeners = new Set<(server: EventServer | undefined) => void>();
  const events: EventsKindState = {
    token: randomBytes(32).toString('hex'),
    server: undefined,
    onServer: (server) => serverListeners.forEach((listener) => listener(server)),
  };
  if (services.some((s) => s.kind === 'events')) {
    const { writeEventsToken } = await import('../events/index.js');
    await writeEventsToken(config.stateDir, events.token);
  }
  const eventsKind = createEventsKind(events);
  const runners = (service: ResolvedService): KindRunner => runnerFor(service, eventsKind);

  const stackId = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const inheritedEnv = options.env ?? process.env;
  const processes = options.processes ?? createProcessManager();
  const cache = createCacheManager({ root: config.root, stateDir: config.stateDir, onWarning: options.onWarning });
  // Hash inputs now, in the background, while the rest starts up.
  cache.warm(setupSteps);
  const setup = new SetupRunner({
    cache,
    processes,
    hub,
    env: inheritedEnv,
    noCache: options.noCache ?? false,
    marker: { name: 'NETRA_STACK_ID', value: stackId },
  });
  const watchdog = startWatchdog({ name: 'NETRA_STACK_ID', value: stackId });
  const supervisor = new Supervisor({
    config,
    selected: names,
    hub,
    processes,
    runners,
    ports,
    inheritedEnv,
    runServiceSetup: (service, signal) => setup.runAll(service.setup, signal),
    runCached: async (service, work, run) => {
      // Keyed like a setup step: the inputs' content plus the given values (as env entries).
      const env = Object.fromEntries(Object.entries(work.values).map(([key, value]) => [`NETRA_CACHE_${key}`, value]));
      const step = { name: work.name, command: [`netra:${work.name}`], inputs: work.inputs, env: Object.keys(env), service: service.name, cwd: config.root };
      const decision = await cache.plan(step, env, { noCache: options.noCache ?? false });
      if (!decision.run) return false;
      await run();
      await cache.recordSuccess(step, decision.key);
      return true;
    },
    allocatePort: async (service) => {
      const port = await allocatePort(service.connectHost);
      await publishDiscovery(config.stateDir, service, runners(service), port);
      return port;
    },
    stackId,
    onInstance: (_service, pid, startTime) => watchdog.watchGroup(pid, startTime),
    ...(options.readyTimeout === undefined ? {} : { readyTimeout: options.readyTimeout }),
  });

  await clearDiscovery(config.stateDir);
  for (const service of services) await publishDiscovery(config.stateDir, service, runners(service), ports.get(service.name));

  const startedAt = new Date();
  const stateFile = new StateFileWriter(config.stateDir, () => snapshotState(supervisor, startedAt), options.onWarning);
  supervisor.on('state', () => stateFile.schedule());
  if (options.exitWhenReady) {
    supervisor.once('allReady', () => void supervisor.shutdown({ reason: 'ready', exitCode: 0 }));
  }

  const alerts = wireAlerts({
    config,
    supervisor,
    hub,
    eventServer: { current: () => events.server, onChange: (listener) => serverListeners.add(listener) },
    stderr: options.stderr,
    color: options.color,
  });
  const control = await startControlServer(config.stateDir, {
    status: (lines) => ({
      ...snapshotState(supervisor, startedAt),
      alerts: alerts.active(),
      ...(lines > 0 ? { logs: Object.fromEntries(names.map((name) => [name, hub.tail(name, lines)])) } : {}),
    }),
    down: () => void supervisor.shutdown({ reason: 'shutdown', exitCode: 0 }),
    restart: async (name) => {
      const controller = supervisor.controllers.get(name);
      if (!controller) throw new Error(`unknown service "${name}" (running: ${names.join(', ')})`);
      await controller.restart();
    },
  });
  await lock.update({ controlPort: control.port });

  const watchers: Watcher[] = options.watch === false ? [] : await startWatchers(supervisor, services, config.root);

  let finishing: Promise<StackOutcome> | undefined;
  const finish = (outcome: StackOutcome): Promise<StackOutcome> => {
    finishing ??= (async () => {
      mark('every service stopped');
      await Promise.all(watchers.map((watcher) => watcher.close()));
      // Independent closes run together (shutdown time); alerts still close before the logs they write to,
      // and the lock is released last, once nothing of the stack is left.
      await Promise.all([
        alerts.close().then(() => hub.close()),
        control.close(),
        clearDiscovery(config.stateDir),
        stateFile.remove(),
        cache.close(),
      ]);
      watchdog.release();
      await lock.release();
      mark('finished');
      return outcome;
    })();
    return finishing;
  };
  const finished = supervisor.done.then(finish);
  mark('stack wired (watchdog, control server, logs)');
  const setupAbort = new AbortController();
  void supervisor.done.then(() => setupAbort.abort());
  setup
    .runAll(config.setup, setupAbort.signal)
    .then(() => {
      if (!setupAbort.signal.aborted) supervisor.start();
    })
    .catch((error: unknown) => {
      const message = error instanceof FailureError ? describeFailure(error.failure) : errorMessage(error);
      void supervisor.shutdown({ reason: 'service-failed', service: GLOBAL_SETUP_LOG, message, exitCode: 1 });
    });
  return {
    supervisor,
    hub,
    services: names,
    setup,
    setupSteps: setupSteps.map((step) => SetupRunner.id(step)),
    finished,
    stop: async (force = false) => {
      await supervisor.shutdown({ reason: 'shutdown', exitCode: 0 }, force);
      return finished;
    },
  };
}

/** `.netra/discovery/<service>.json`: the one place each port is written. */
async function publishDiscovery(stateDir: string, service: ResolvedService, runner: KindRunner, port: number | undefined): Promise<void> {
  const endpoint = runner.endpoint(service, port);
  if (endpoint.port === undefined || endpoint.url === undefined) return;
  await writeDiscovery(stateDir, {
    name: service.name,
    host: endpoint.host,
    port: endpoint.port,
    url: endpoint.url,
    ...(endpoint.wsUrl ? { wsUrl: endpoint.wsUrl } : {}),
  });
}

/** File watching: a burst of changes (debounced) gives one single-flight restart of the service. */
async function startWatchers(supervisor: Supervisor, services: readonly ResolvedService[], root: string): Promise<Watcher[]> {
  const watched = services.filter((service) => service.watch !== undefined);
  return Promise.all(
    watched.map((service) =>
      watchPaths({
        cwd: root,
        paths: service.watch!.paths,
        ignore: service.watch!.ignore,
        debounceMs: service.watch!.debounce,
        onChange: (files) => {
          const controller = supervisor.controllers.get(service.name);
          // A change during start-up or backoff is picked up by the start under way.
          if (!controller || controller.state.id !== 'ready') return;
          const shown = files.slice(0, 3).join(', ') + (files.length > 3 ? ` and ${files.length - 3} more` : '');
          supervisor.options.hub.netra(service.name, `changed: ${shown}`);
          void controller.restart();
        },
      }),
    ),
  );
}

function runnerFor(service: ResolvedService, eventsKind: KindRunner): KindRunner {
  switch (service.kind) {
    case 'process':
      return processKind;
    case 'pglite':
      return pgliteKind;
    case 'postgres':
      return postgresKind;
    case 'external':
      return externalKind;
    case 'events':
      return eventsKind;
    default:
      return unreachable(service.kind, 'service kind');
  }
}


function toLogOptions(service: ResolvedService) {
  return {
    ...(service.logs.include ? { include: [...service.logs.include] } : {}),
    ...(service.logs.exclude ? { exclude: [...service.logs.exclude] } : {}),
    ...(service.logs.collapseRepeats === undefined ? {} : { collapseRepeats: service.logs.collapseRepeats }),
    ...(service.logs.bufferLines === undefined ? {} : { bufferLines: service.logs.bufferLines }),
  };
}

/**
 * Connects the alert manager (src/alerts) to a running stack: supervisor
 * state changes, the log hub, the event server, liveness probes and process
 * ids. Owned by the alerts work (issue 8); dev-up.ts calls it once and
 * closes what it returns. The alerts config is validated here (CONFIG_INVALID
 * with every `alerts.<rule>.<field>` issue) before anything is wired.
 */
import type { ResolvedConfig, ResolvedService } from '../config/resolved.js';
import type { EventServer } from '../events/index.js';
import { detectAlertLevel, type LogHub } from '../logs/index.js';
import {
  alertsFilePath,
  createAlertManager,
  createEventSink,
  createFileSink,
  createTerminalSink,
  createWebhookSink,
  openStartTimesFor,
  parseAlertsConfig,
  type ActiveAlert,
  type AlertSink,
  type LivenessTarget,
  type ServiceSignal,
} from '../alerts/index.js';
import { describeProbe, probeOnce, type ProbeSpec } from '../race/index.js';
import { systemClock } from '../shared/clock.js';
import type { Endpoint } from './environment.js';
import { interpolate } from './environment.js';
import { describeFailure, type ServiceState } from './service-state.js';
import type { Supervisor } from './supervisor.js';

export interface AlertsWiringInput {
  config: ResolvedConfig;
  supervisor: Supervisor;
  hub: LogHub;
  /** The embedded event server while it runs (undefined otherwise); `onChange` fires when it starts/stops. */
  eventServer: { current(): EventServer | undefined; onChange(listener: (server: EventServer | undefined) => void): void };
  stderr: NodeJS.WritableStream;
  color: boolean;
}

export interface AlertsWiring {
  /** Active alerts, for `dev status`. */
  active(): ActiveAlert[];
  close(): Promise<void>;
}

export function wireAlerts(input: AlertsWiringInput): AlertsWiring {
  const config = parseAlertsConfig(input.config.alerts);
  if (!config.enabled) return { active: () => [], close: async () => undefined };
  const { supervisor, hub } = input;
  const warn = (message: string): void => hub.netra(undefined, message, 'warn');
  const sinks: AlertSink[] = [
    createTerminalSink(input.stderr, input.color),
    createFileSink(alertsFilePath(input.config.stateDir), warn),
    createEventSink(() => {
      const server = input.eventServer.current();
      return server && ((thread, event, payload) => server.publishSystem(thread, event, payload));
    }),
  ];
  if (config.webhook) sinks.push(createWebhookSink({ settings: config.webhook, clock: systemClock, onWarning: warn }));

  const manager = createAlertManager({
    config,
    onError: (error) => warn(`the alert manager hit a bug and skipped a check: ${error instanceof Error ? error.message : String(error)}`),
    sinks,
    startTimes: openStartTimesFor(input.config.stateDir, config, warn),
    levelOf: detectAlertLevel,
    // error-burst reads the ring buffers on its tick: no listener on the log hot path.
    logs: { services: () => supervisor.controllers.keys(), tail: (name) => hub.tail(name) },
    liveness: livenessTarget(supervisor),
    pids: () => {
      const pids = new Map<string, number>();
      for (const [name, controller] of supervisor.controllers) {
        const running = controller.state.id === 'starting' || controller.state.id === 'ready';
        if (running && controller.pid !== undefined) pids.set(name, controller.pid);
      }
      return pids;
    },
  });

  const onState = (name: string, state: ServiceState): void => {
    const signal = toSignal(state);
    if (signal) manager.serviceSignal(name, signal);
  };
  supervisor.on('state', onState);
  let offObserve: (() => void) | undefined;
  const attach = (server: EventServer | undefined): void => {
    offObserve?.();
    offObserve = server?.observe((observation) => manager.observe(observation));
  };
  attach(input.eventServer.current());
  input.eventServer.onChange(attach);

  return {
    active: () => manager.active(),
    close: async () => {
      supervisor.off('state', onState);
      offObserve?.();
      offObserve = undefined;
      await manager.close();
    },
  };
}

function toSignal(state: ServiceState): ServiceSignal | undefined {
  switch (state.id) {
    case 'starting':
      return { kind: 'starting', pid: state.pid, since: state.since };
    case 'ready':
      return { kind: 'ready', pid: state.pid, timeToReadyMs: state.timeToReadyMs };
    case 'backoff':
      return { kind: 'restarting', exit: state.lastExit, attempt: state.attempt };
    case 'failed':
      return { kind: 'failed', reason: state.reason.reason, message: describeFailure(state.reason) };
    case 'completed':
      return { kind: 'completed' };
    case 'stopping':
    case 'stopped':
      return { kind: 'stopped' };
    case 'pending':
    case 'waiting':
      return undefined;
  }
}

/**
 * The readiness probe of each process service, rebuilt for liveness checks
 * (log probes cannot be repeated; in-process kinds cannot stop answering
 * without netra knowing). `${PORT}` and `${services.x.url}` are filled in
 * from the stack's ports; a probe needing other variables is skipped.
 */
function livenessTarget(supervisor: Supervisor): LivenessTarget {
  return {
    probeFor(name) {
      const controller = supervisor.controllers.get(name);
      if (!controller || (controller.service.kind !== 'process' && controller.service.kind !== 'postgres')) return undefined;
      const spec = probeSpec(controller.service, supervisor);
      if (!spec) return undefined;
      return { describe: describeProbe(spec), run: (_service, signal) => probeOnce(spec, signal) };
    },
  };
}

function probeSpec(service: ResolvedService, supervisor: Supervisor): ProbeSpec | undefined {
  const probe = service.ready.probe;
  if (!probe || probe.kind === 'log') return undefined;
  const port = supervisor.endpoint(service.name)?.port;
  const endpoints = new Map<string, Endpoint>();
  for (const name of supervisor.controllers.keys()) {
    const endpoint = supervisor.endpoint(name);
    if (endpoint) endpoints.set(name, endpoint);
  }
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(supervisor.options.inheritedEnv)) if (value !== undefined) env[key] = value;
  if (port !== undefined) env[service.portEnv] = String(port);
  const fill = (template: string): string | undefined => {
    try {
      return interpolate(template, env, endpoints, `services.${service.name}.ready`);
    } catch {
      return undefined;
    }
  };
  switch (probe.kind) {
    case 'tcp': {
      const target = probe.port === 0 ? port : probe.port;
      return target === undefined ? undefined : { kind: 'tcp', host: probe.host, port: target };
    }
    case 'http': {
      const url = fill(probe.url);
      return url === undefined ? undefined : { kind: 'http', url };
    }
    case 'exec': {
      const command = typeof probe.command === 'string' ? fill(probe.command) : probe.command.map(fill);
      if (command === undefined || (Array.isArray(command) && command.some((part) => part === undefined))) return undefined;
      return { kind: 'exec', command: command as string | string[], cwd: service.cwd, env };
    }
  }
}

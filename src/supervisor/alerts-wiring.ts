/**
 * Connects the alert manager (src/alerts) to a running stack: supervisor
 * state changes, the log hub, the event server. Owned by the alerts work
 * (issue 8); dev-up.ts calls it once and closes what it returns.
 */
import type { ResolvedConfig } from '../config/resolved.js';
import type { EventServer } from '../events/index.js';
import type { LogHub } from '../logs/index.js';
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
  active(): unknown[];
  close(): Promise<void>;
}

export function wireAlerts(_input: AlertsWiringInput): AlertsWiring {
  return { active: () => [], close: async () => undefined };
}

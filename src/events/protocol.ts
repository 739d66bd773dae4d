/**
 * The wire vocabulary of `netra.events.v1` (../shared/EVENTS.md): event names,
 * frames in both directions, error codes and close codes. Types only plus a
 * few constants, so the client can import it without pulling the server.
 */

export const SUBPROTOCOL = 'netra.events.v1';
export const EVENTS_PATH = '/v1/events';

/** The six run events of EVENTS.md; custom events are `x.<name>`. */
export const RUN_EVENT_NAMES = [
  'agent_started',
  'agent_thinking',
  'tool_executing',
  'tool_completed',
  'agent_completed',
  'agent_error',
] as const;
export type RunEventName = (typeof RUN_EVENT_NAMES)[number];
export type CustomEventName = `x.${string}`;
export type EventName = RunEventName | CustomEventName;

export const TERMINAL_EVENTS: ReadonlySet<string> = new Set(['agent_completed', 'agent_error']);

export function isTerminalEvent(event: string): boolean {
  return TERMINAL_EVENTS.has(event);
}

export type Role = 'ui' | 'backend';

/** Status of a run in a snapshot. */
export type RunStatus = 'open' | 'completed' | 'error';

/** Codes of `error` frames and of rejected HTTP publishes. */
export type EventsErrorCode =
  | 'run_not_started'
  | 'run_already_started'
  | 'run_finished'
  | 'duplicate_tool_call'
  | 'unknown_tool_call'
  | 'tool_calls_open'
  | 'bad_request'
  | 'invalid_event'
  | 'payload_too_large'
  | 'forbidden'
  | 'unauthorized'
  | 'rate_limited'
  | 'not_found'
  | 'internal';

/** The state-machine rejections (rules 1–4): they never count toward the error-rate limit. */
export const STATE_MACHINE_CODES: ReadonlySet<EventsErrorCode> = new Set<EventsErrorCode>([
  'run_not_started',
  'run_already_started',
  'run_finished',
  'duplicate_tool_call',
  'unknown_tool_call',
  'tool_calls_open',
]);

export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  unsupportedData: 1003,
  messageTooBig: 1009,
  /** Server asks the client to come back (e.g. no pong from the server). */
  reconnect: 4000,
  slowConsumer: 4008,
  tooManyErrors: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  badSubprotocol: 4406,
  helloTimeout: 4408,
  tooManyConnections: 4429,
} as const;

/** EVENTS.md "Close codes": a client reconnects (with `since`) on these only. */
export const RECONNECT_CLOSE_CODES: ReadonlySet<number> = new Set([1001, 4000, 4008, 4408, 4429]);

/** The envelope of every delivered event. `replay` and `synthetic` are always present. */
export interface EventEnvelope {
  type: 'event';
  epoch: string;
  threadId: string;
  runId: string;
  /** Per (epoch, thread), from 1, one per accepted event. */
  seq: number;
  /** Per run, from 1. */
  runSeq: number;
  event: string;
  /** The server's receive time in ms; for display only, order by `seq`. */
  ts: number;
  replay: boolean;
  synthetic: boolean;
  payload: unknown;
}

export interface RunSnapshot {
  runId: string;
  status: RunStatus;
  lastSeq: number;
  openToolCalls: string[];
}

// ---- client → server ----
export interface HelloFrame {
  type: 'hello';
  token: string;
  role: Role;
}
export interface SubscribeFrame {
  type: 'subscribe';
  id?: string | number;
  threadId: string;
  runId?: string;
  since?: number;
  epoch?: string;
}
export interface UnsubscribeFrame {
  type: 'unsubscribe';
  id?: string | number;
  threadId: string;
}
export interface PingFrame {
  type: 'ping';
  id?: string | number;
}
export interface PublishFrame {
  type: 'publish';
  id?: string | number;
  threadId: string;
  runId: string;
  event: string;
  payload: unknown;
  eventId?: string;
}
export type ClientFrame = HelloFrame | SubscribeFrame | UnsubscribeFrame | PingFrame | PublishFrame;

// ---- server → client ----
export interface WelcomeFrame {
  type: 'welcome';
  sessionId: string;
  epoch: string;
  heartbeatMs: number;
  maxPayloadBytes: number;
  replay: { maxEvents: number; maxBytes: number };
}
export interface SubscribeAck {
  type: 'ack';
  id?: string | number;
  threadId: string;
  headSeq: number;
  epoch: string;
  recovered?: boolean;
  reason?: 'epoch_changed' | 'too_old';
}
export interface PublishAck {
  type: 'ack';
  id?: string | number;
  seq: number;
  runSeq: number;
  duplicate?: boolean;
}
export interface UnsubscribeAck {
  type: 'ack';
  id?: string | number;
  threadId: string;
}
export interface ErrorFrame {
  type: 'error';
  id?: string | number;
  code: EventsErrorCode;
  message: string;
  retryable: boolean;
}
export interface SnapshotFrame {
  type: 'snapshot';
  threadId: string;
  headSeq: number;
  runs: RunSnapshot[];
}
export interface PongFrame {
  type: 'pong';
  id?: string | number;
}
export type ServerFrame =
  | WelcomeFrame
  | SubscribeAck
  | PublishAck
  | UnsubscribeAck
  | ErrorFrame
  | SnapshotFrame
  | PongFrame
  | EventEnvelope;

/** One item of an HTTP publish response. */
export type HttpPublishResult =
  | { seq: number; runSeq: number; duplicate?: boolean }
  | { error: { code: EventsErrorCode; message: string } };

export const MAX_FRAME_BYTES = 1024 * 1024;
export const MAX_EVENT_PAYLOAD_BYTES = 256 * 1024;

/**
 * The per-run state machine of EVENTS.md, as pure functions over a
 * `RunRecord`. `planPublish` decides (rules 1–5) which events an accepted
 * publish turns into, synthetic ones first; `applyEvent` moves the record
 * forward once the hub has given an event its seq.
 *
 *   (none) --agent_started--> open --agent_completed--> completed
 *   (none) --agent_error----> [synthetic agent_started] open --agent_error--> error
 *   open --tool_executing(X)--> X open --tool_completed(X)--> X closed
 */
import type { EventsErrorCode, RunSnapshot, RunStatus } from './protocol.js';

export interface RunRecord {
  readonly runId: string;
  status: RunStatus;
  /** The last runSeq given to an event of this run. */
  runSeq: number;
  /** The thread seq of this run's last event. */
  lastSeq: number;
  /** Open tool calls in the order they were opened. */
  readonly openToolCalls: Set<string>;
  readonly closedToolCalls: Set<string>;
  /** Rule 7: eventId → the ack it got the first time. */
  readonly eventIds: Map<string, { seq: number; runSeq: number }>;
  lastPublishAt: number;
  /** The WebSocket connection that published last, or null (HTTP or none). */
  publisher: string | null;
  /** When `publisher` closed; null while it is connected. */
  publisherLostAt: number | null;
}

export interface PlannedEvent {
  event: string;
  payload: Record<string, unknown>;
  synthetic: boolean;
}

export type PublishPlan =
  | { ok: true; events: PlannedEvent[] }
  | { ok: false; code: EventsErrorCode; message: string };

export function newRunRecord(runId: string, now: number): RunRecord {
  return {
    runId,
    status: 'open',
    runSeq: 0,
    lastSeq: 0,
    openToolCalls: new Set(),
    closedToolCalls: new Set(),
    eventIds: new Map(),
    lastPublishAt: now,
    publisher: null,
    publisherLostAt: null,
  };
}

const reject = (code: EventsErrorCode, message: string): PublishPlan => ({ ok: false, code, message });

const runEndedClose = (toolCallId: string): PlannedEvent => ({
  event: 'tool_completed',
  payload: { toolCallId, ok: false, error: { code: 'run_ended', message: 'the run ended before the tool completed' } },
  synthetic: true,
});

/** Rules 1–5 for one validated event; `run` is undefined before the run's first event. */
export function planPublish(
  run: RunRecord | undefined,
  event: string,
  payload: Record<string, unknown>,
): PublishPlan {
  const self: PlannedEvent = { event, payload, synthetic: false };
  if (run === undefined) {
    if (event === 'agent_started') return { ok: true, events: [self] };
    if (event === 'agent_error') {
      return { ok: true, events: [{ event: 'agent_started', payload: {}, synthetic: true }, self] };
    }
    return reject('run_not_started', `the run's first event must be agent_started, got ${event}`);
  }
  if (run.status !== 'open') return reject('run_finished', `run ${run.runId} has already ended (${run.status})`);
  switch (event) {
    case 'agent_started':
      return reject('run_already_started', `run ${run.runId} has already started`);
    case 'tool_executing': {
      const id = payload['toolCallId'] as string;
      if (run.openToolCalls.has(id) || run.closedToolCalls.has(id)) {
        return reject('duplicate_tool_call', `toolCallId ${id} was already used in run ${run.runId}`);
      }
      return { ok: true, events: [self] };
    }
    case 'tool_completed': {
      const id = payload['toolCallId'] as string;
      if (!run.openToolCalls.has(id)) {
        return reject('unknown_tool_call', `no open tool call ${id} in run ${run.runId}`);
      }
      return { ok: true, events: [self] };
    }
    case 'agent_completed':
      if (run.openToolCalls.size > 0) {
        return reject('tool_calls_open', `tool calls still open: ${[...run.openToolCalls].join(', ')}`);
      }
      return { ok: true, events: [self] };
    case 'agent_error':
      return { ok: true, events: [...[...run.openToolCalls].map(runEndedClose), self] };
    default:
      return { ok: true, events: [self] };
  }
}

/** Rule 6: the synthetic end of an abandoned run (`run_timeout` or `publisher_lost`). */
export function planAbandon(run: RunRecord, code: 'run_timeout' | 'publisher_lost'): PlannedEvent[] {
  const message =
    code === 'run_timeout'
      ? 'no event was published for this run within the run timeout'
      : 'the connection publishing this run closed and did not come back';
  return [
    ...[...run.openToolCalls].map(runEndedClose),
    { event: 'agent_error', payload: { code, message }, synthetic: true },
  ];
}

/** Moves the run forward by one accepted event. */
export function applyEvent(run: RunRecord, event: string, payload: Record<string, unknown>, seq: number): number {
  run.runSeq += 1;
  run.lastSeq = seq;
  switch (event) {
    case 'tool_executing':
      run.openToolCalls.add(payload['toolCallId'] as string);
      break;
    case 'tool_completed': {
      const id = payload['toolCallId'] as string;
      run.openToolCalls.delete(id);
      run.closedToolCalls.add(id);
      break;
    }
    case 'agent_completed':
      run.status = 'completed';
      break;
    case 'agent_error':
      run.status = 'error';
      break;
    default:
      break;
  }
  return run.runSeq;
}

export function snapshotRun(run: RunRecord): RunSnapshot {
  return { runId: run.runId, status: run.status, lastSeq: run.lastSeq, openToolCalls: [...run.openToolCalls] };
}

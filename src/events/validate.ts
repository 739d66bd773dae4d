/**
 * Parsing of client frames and checking of event payloads (EVENTS.md rule 8):
 * a malformed frame is `bad_request`, a bad event name or payload is
 * `invalid_event`. Pure functions; nothing here throws on user input.
 */
import type { ClientFrame, EventsErrorCode } from './protocol.js';
import { RUN_EVENT_NAMES } from './protocol.js';

export type Checked<T> =
  | { ok: true; value: T }
  | { ok: false; code: EventsErrorCode; message: string; id?: string | number };

const MAX_ID_LENGTH = 256;
const CUSTOM_EVENT = /^x\.[A-Za-z0-9_.:-]{1,64}$/;
const runEventNames: ReadonlySet<string> = new Set(RUN_EVENT_NAMES);

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const isId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
const isFrameId = (value: unknown): boolean =>
  value === undefined || typeof value === 'string' || typeof value === 'number';
const bad = (message: string): Checked<never> => ({ ok: false, code: 'bad_request', message });

/** Parses one text frame into a typed client frame; a rejection echoes the frame's id when it had one. */
export function parseClientFrame(text: string): Checked<ClientFrame> {
  const result = parseFrame(text);
  if (result.ok || result.id !== undefined) return result;
  try {
    const id = (JSON.parse(text) as { id?: unknown } | null)?.id;
    if (typeof id === 'string' || typeof id === 'number') return { ...result, id };
  } catch {
    // Not JSON: nothing to echo.
  }
  return result;
}

function parseFrame(text: string): Checked<ClientFrame> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return bad('frame is not JSON');
  }
  if (!isObject(data)) return bad('frame is not a JSON object');
  if (!isFrameId(data['id'])) return bad('id must be a string or a number');
  const id = data['id'] as string | number | undefined;
  switch (data['type']) {
    case 'hello': {
      if (typeof data['token'] !== 'string') return bad('hello needs a token');
      if (data['role'] !== 'ui' && data['role'] !== 'backend') return bad('role must be "ui" or "backend"');
      return { ok: true, value: { type: 'hello', token: data['token'], role: data['role'] } };
    }
    case 'subscribe': {
      if (!isId(data['threadId'])) return bad('subscribe needs a threadId');
      const runId = data['runId'];
      const since = data['since'];
      const epoch = data['epoch'];
      if (runId !== undefined && !isId(runId)) return bad('runId must be a non-empty string');
      if (since !== undefined && !(Number.isSafeInteger(since) && (since as number) >= 0)) {
        return bad('since must be an integer >= 0');
      }
      if (epoch !== undefined && typeof epoch !== 'string') return bad('epoch must be a string');
      return {
        ok: true,
        value: {
          type: 'subscribe',
          id,
          threadId: data['threadId'],
          runId: runId as string | undefined,
          since: since as number | undefined,
          epoch: epoch as string | undefined,
        },
      };
    }
    case 'unsubscribe':
      if (!isId(data['threadId'])) return bad('unsubscribe needs a threadId');
      return { ok: true, value: { type: 'unsubscribe', id, threadId: data['threadId'] } };
    case 'ping':
      return { ok: true, value: { type: 'ping', id } };
    case 'publish': {
      if (!isId(data['threadId'])) return bad('publish needs a threadId');
      if (!isId(data['runId'])) return bad('publish needs a runId');
      if (typeof data['event'] !== 'string') return bad('publish needs an event name');
      const eventId = data['eventId'];
      if (eventId !== undefined && !isId(eventId)) return bad('eventId must be a non-empty string');
      return {
        ok: true,
        value: {
          type: 'publish',
          id,
          threadId: data['threadId'],
          runId: data['runId'],
          event: data['event'],
          payload: data['payload'] === undefined ? {} : data['payload'],
          eventId: eventId as string | undefined,
        },
      };
    }
    default:
      return bad(`unknown frame type ${JSON.stringify(data['type'])}`);
  }
}

/** Checks an HTTP publish item `{event, payload, eventId?}`. */
export function parseHttpEvent(data: unknown): Checked<{ event: string; payload: unknown; eventId?: string }> {
  if (!isObject(data)) return bad('each event must be a JSON object');
  if (typeof data['event'] !== 'string') return bad('event name missing');
  const eventId = data['eventId'];
  if (eventId !== undefined && !isId(eventId)) return bad('eventId must be a non-empty string');
  return {
    ok: true,
    value: {
      event: data['event'],
      payload: data['payload'] === undefined ? {} : data['payload'],
      eventId: eventId as string | undefined,
    },
  };
}

export function isValidId(value: unknown): value is string {
  return isId(value);
}

const invalid = (message: string): Checked<never> => ({ ok: false, code: 'invalid_event', message });
const optional = (p: Obj, key: string, test: (v: unknown) => boolean): boolean =>
  p[key] === undefined || test(p[key]);
const isString = (v: unknown): boolean => typeof v === 'string';
const isNonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Checks the event name and the required payload fields of EVENTS.md "Events of a run". */
export function checkEvent(event: string, payload: unknown): Checked<Obj> {
  const custom = event.startsWith('x.');
  if (!custom && !runEventNames.has(event)) return invalid(`unknown event ${JSON.stringify(event)}`);
  if (custom && !CUSTOM_EVENT.test(event)) return invalid(`bad custom event name ${JSON.stringify(event)}`);
  if (!isObject(payload)) return invalid('payload must be a JSON object');
  const p = payload;
  switch (event) {
    case 'agent_started':
      if (!optional(p, 'agentName', isString) || !optional(p, 'message', isString)) {
        return invalid('agent_started: agentName and message must be strings');
      }
      break;
    case 'agent_thinking':
      if (typeof p['text'] !== 'string') return invalid('agent_thinking needs text');
      if (!optional(p, 'progress', (v) => typeof v === 'number' && v >= 0 && v <= 1)) {
        return invalid('agent_thinking: progress must be within 0..1');
      }
      if (!optional(p, 'step', (v) => typeof v === 'number' || typeof v === 'string')) {
        return invalid('agent_thinking: step must be a number or a string');
      }
      break;
    case 'tool_executing':
      if (!isId(p['toolCallId'])) return invalid('tool_executing needs a toolCallId');
      if (!isId(p['toolName'])) return invalid('tool_executing needs a toolName');
      break;
    case 'tool_completed':
      if (!isId(p['toolCallId'])) return invalid('tool_completed needs a toolCallId');
      if (typeof p['ok'] !== 'boolean') return invalid('tool_completed needs ok (boolean)');
      if (!optional(p, 'durationMs', isNonNegative)) return invalid('durationMs must be >= 0');
      break;
    case 'agent_completed':
      if (!optional(p, 'durationMs', isNonNegative)) return invalid('durationMs must be >= 0');
      break;
    case 'agent_error':
      if (typeof p['code'] !== 'string') return invalid('agent_error needs a code');
      if (typeof p['message'] !== 'string') return invalid('agent_error needs a message');
      break;
    default:
      break;
  }
  return { ok: true, value: p };
}

/**
 * Encoding of event envelopes, once per accepted event (EVENTS.md "Encode each
 * event once per broadcast"): the JSON is serialised straight into a complete
 * WebSocket frame, shared by every subscriber. The live bytes start with a
 * fixed prefix so the replayed copy is the same bytes with `"replay":true`
 * spliced in, without re-serialising the payload.
 */
import type { EventEnvelope } from './protocol.js';
import { frameHeaderLength, framePayload, textFrame, writeTextFrameHeader } from './ws-frame.js';

const LIVE_PREFIX = '{"type":"event","replay":false,';
const REPLAY_PREFIX = Buffer.from('{"type":"event","replay":true,');
const LIVE_PREFIX_BYTES = LIVE_PREFIX.length;

/** The envelope's fields but the constant `type`, the `replay` flag and the pre-serialised payload. */
export type EnvelopeFields = Omit<EventEnvelope, 'type' | 'replay' | 'payload'>;

/** One event, encoded once. */
export interface EncodedEvent {
  /** The live envelope's JSON bytes (a view into `wire`). */
  readonly json: Buffer;
  /** The complete WebSocket text frame of the live envelope, written as is to every subscriber. */
  readonly wire: Buffer;
}

/** Encodes an event; `payloadJson` is the already redacted and serialised payload. */
export function encodeEvent(fields: EnvelopeFields, payloadJson: string): EncodedEvent {
  const text =
    `${LIVE_PREFIX}"synthetic":${fields.synthetic},"epoch":${JSON.stringify(fields.epoch)},` +
    `"threadId":${JSON.stringify(fields.threadId)},"runId":${JSON.stringify(fields.runId)},` +
    `"seq":${fields.seq},"runSeq":${fields.runSeq},"event":${JSON.stringify(fields.event)},` +
    `"ts":${fields.ts},"payload":${payloadJson}}`;
  const wire = textFrame(text);
  return { json: framePayload(wire), wire };
}

/**
 * The replayed copy of a live envelope, identical but for `"replay":true`, as a complete WebSocket
 * text frame, in one allocation.
 */
export function toReplayWire(live: Buffer): Buffer {
  const rest = live.subarray(LIVE_PREFIX_BYTES);
  const length = REPLAY_PREFIX.length + rest.length;
  const wire = Buffer.allocUnsafe(frameHeaderLength(length) + length);
  const offset = writeTextFrameHeader(wire, length);
  REPLAY_PREFIX.copy(wire, offset);
  rest.copy(wire, offset + REPLAY_PREFIX.length);
  return wire;
}

/** Decodes a frame back into an envelope (tests, telemetry). */
export function decodeEnvelope(frame: Buffer | string): EventEnvelope {
  return JSON.parse(typeof frame === 'string' ? frame : frame.toString('utf8')) as EventEnvelope;
}

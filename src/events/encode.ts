/**
 * Encoding of event envelopes, once per accepted event (EVENTS.md "Encode each
 * event once per broadcast"). The live bytes start with a fixed prefix so the
 * replayed copy is the same bytes with `"replay":true` spliced in, without
 * re-serialising the payload.
 */
import type { EventEnvelope } from './protocol.js';

const LIVE_PREFIX = Buffer.from('{"type":"event","replay":false,');
const REPLAY_PREFIX = Buffer.from('{"type":"event","replay":true,');

/** The envelope's fields but the constant `type`, the `replay` flag and the pre-serialised payload. */
export type EnvelopeFields = Omit<EventEnvelope, 'type' | 'replay' | 'payload'>;

/** The live frame of an event; `payloadJson` is the already redacted and serialised payload. */
export function encodeEnvelope(fields: EnvelopeFields, payloadJson: string): Buffer {
  const rest =
    `"synthetic":${fields.synthetic},"epoch":${JSON.stringify(fields.epoch)},` +
    `"threadId":${JSON.stringify(fields.threadId)},"runId":${JSON.stringify(fields.runId)},` +
    `"seq":${fields.seq},"runSeq":${fields.runSeq},"event":${JSON.stringify(fields.event)},` +
    `"ts":${fields.ts},"payload":${payloadJson}}`;
  return Buffer.concat([LIVE_PREFIX, Buffer.from(rest)]);
}

/** The replayed copy of a live frame: identical but for `"replay":true`. */
export function toReplayFrame(live: Buffer): Buffer {
  return Buffer.concat([REPLAY_PREFIX, live.subarray(LIVE_PREFIX.length)]);
}

/** Decodes a frame back into an envelope (tests, telemetry). */
export function decodeEnvelope(frame: Buffer | string): EventEnvelope {
  return JSON.parse(typeof frame === 'string' ? frame : frame.toString('utf8')) as EventEnvelope;
}

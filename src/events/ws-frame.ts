/**
 * Server-to-client WebSocket text frames built by hand (RFC 6455 §5.2: FIN,
 * opcode 1, unmasked, no RSV bits), so an event's frame is built once and the
 * same bytes are written to every subscriber's socket. Only valid while
 * permessage-deflate is off, which the server enforces (`perMessageDeflate: false`).
 */

const FIN_TEXT = 0x81;

/** Header size of an unmasked frame carrying `length` payload bytes. */
export function frameHeaderLength(length: number): number {
  return length < 126 ? 2 : length < 65_536 ? 4 : 10;
}

/** Writes the header of an unmasked text frame at the start of `target`; returns its size. */
export function writeTextFrameHeader(target: Buffer, length: number): number {
  target[0] = FIN_TEXT;
  if (length < 126) {
    target[1] = length;
    return 2;
  }
  if (length < 65_536) {
    target[1] = 126;
    target.writeUInt16BE(length, 2);
    return 4;
  }
  target[1] = 127;
  target.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
  target.writeUInt32BE(length >>> 0, 6);
  return 10;
}

/** A complete text frame (header and payload in one buffer) of already serialised JSON. */
export function textFrame(json: string): Buffer {
  const length = Buffer.byteLength(json);
  const frame = Buffer.allocUnsafe(frameHeaderLength(length) + length);
  const offset = writeTextFrameHeader(frame, length);
  frame.write(json, offset, length, 'utf8');
  return frame;
}

/** The payload bytes of a frame built here (a view, not a copy). */
export function framePayload(frame: Buffer): Buffer {
  return frame.subarray(frameHeaderLength(frameLengthOf(frame)));
}

function frameLengthOf(frame: Buffer): number {
  const short = frame[1]! & 0x7f;
  if (short < 126) return short;
  if (short === 126) return frame.readUInt16BE(2);
  return frame.readUInt32BE(2) * 2 ** 32 + frame.readUInt32BE(6);
}

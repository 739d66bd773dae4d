import { isLogStream } from './types.js';
import type { LogRecord } from './types.js';

/** A record read back from a log file, with its raw JSONL text (printed as-is by `--json`). */
export interface ReadRecord extends LogRecord {
  /** The exact line of the file, without its newline. */
  readonly raw: string;
}

const tsStart = '{"ts":"'.length;
const serviceKey = '","service":';
const streamKey = ',"stream":"';
const lineKey = '","line":';
const seqKey = ',"seq":';

/**
 * Parses one JSONL line. The files are written by netra in one fixed key
 * order, so the fast path slices fields by position and decodes a string
 * only when it holds an escape; anything else goes through JSON.parse.
 * Returns undefined for a line that is not a log record (a torn or foreign line).
 */
export function parseRecordLine(raw: string): ReadRecord | undefined {
  return fastParse(raw) ?? slowParse(raw);
}

function fastParse(raw: string): ReadRecord | undefined {
  if (!raw.startsWith('{"ts":"') || raw.charCodeAt(raw.length - 1) !== 125 /* } */) return undefined;
  const tsEnd = raw.indexOf(serviceKey, tsStart);
  if (tsEnd === -1) return undefined;
  const serviceStart = tsEnd + serviceKey.length;
  const streamAt = raw.indexOf(streamKey, serviceStart);
  if (streamAt === -1) return undefined;
  const streamStart = streamAt + streamKey.length;
  const lineAt = raw.indexOf(lineKey, streamStart);
  const seqAt = raw.lastIndexOf(seqKey);
  if (lineAt === -1 || seqAt < lineAt) return undefined;
  const stream = raw.slice(streamStart, lineAt);
  if (!isLogStream(stream)) return undefined;
  const service = decodeString(raw, serviceStart, streamAt);
  const line = decodeString(raw, lineAt + lineKey.length, seqAt);
  const seq = Number(raw.slice(seqAt + seqKey.length, raw.length - 1));
  if (service === undefined || line === undefined || !Number.isSafeInteger(seq)) return undefined;
  return { ts: raw.slice(tsStart, tsEnd), service, stream, line, seq, raw };
}

/** The JSON string literal at raw[start, end) (quotes included), decoded. */
function decodeString(raw: string, start: number, end: number): string | undefined {
  if (end - start < 2 || raw.charCodeAt(start) !== 34 || raw.charCodeAt(end - 1) !== 34) return undefined;
  const body = raw.slice(start + 1, end - 1);
  if (!body.includes('\\')) return body;
  try {
    const value: unknown = JSON.parse(raw.slice(start, end));
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function slowParse(raw: string): ReadRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { ts, service, stream, line, seq } = value as Record<string, unknown>;
  if (typeof ts !== 'string' || typeof service !== 'string' || !isLogStream(stream)) return undefined;
  if (typeof line !== 'string' || typeof seq !== 'number') return undefined;
  return { ts, service, stream, line, seq, raw };
}

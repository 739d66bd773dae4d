import type { LogRecord, LogStream } from './types.js';

/**
 * A line kept in a service's ring as bytes: most ring lines are pushed out
 * again unread, so the text and the record object are only made when
 * someone asks (crash context, `tail`, the error-burst rule).
 */
export class ByteRecord {
  private record: LogRecord | undefined;
  private bytes: Buffer | undefined;

  constructor(
    private readonly ts: string,
    private readonly service: string,
    private readonly stream: LogStream,
    private readonly seq: number,
    bytes: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {
    this.bytes = bytes;
  }

  toRecord(): LogRecord {
    if (!this.record) {
      const line = this.bytes?.toString('utf8', this.start, this.end) ?? '';
      this.record = { ts: this.ts, service: this.service, stream: this.stream, line, seq: this.seq };
      this.bytes = undefined;
    }
    return this.record;
  }
}

export type RingEntry = LogRecord | ByteRecord;

export function toRecord(entry: RingEntry): LogRecord {
  return entry instanceof ByteRecord ? entry.toRecord() : entry;
}

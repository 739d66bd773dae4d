import type { FileSink } from './file-sink.js';
import { repeatedLine, servicePrefix, styleBody } from './format.js';
import { detectAlertLevel } from './level.js';
import type { LinePredicate } from './line-filter.js';
import { RepeatCollapser } from './repeat-collapser.js';
import { RingBuffer } from './ring-buffer.js';
import { ByteRecord, toRecord } from './ring-entry.js';
import type { RingEntry } from './ring-entry.js';
import type { LogRecord, LogStream } from './types.js';

interface DeferredBatch {
  readonly stream: LogStream;
  readonly ts: string;
  readonly data: Buffer;
  readonly marks: Int32Array;
  readonly count: number;
  readonly first: number;
}

const collapseIdleMs = 1000;

export interface ServiceLogInit {
  name: string;
  seq: number;
  colorIndex: number;
  color: boolean;
  bufferLines: number;
  filter: LinePredicate | undefined;
  collapseRepeats: boolean;
  file: FileSink | undefined;
  /** Output of a run of repeats summarised after it went quiet. */
  onIdleRepeats: (text: string) => void;
}

/** One service's side of the hub: its seq, prefix, ring, terminal shaping and file. */
export class ServiceLog {
  readonly name: string;
  readonly jsonName: string;
  seq: number;
  prefix = '';
  prefixBytes = Buffer.alloc(0);
  readonly colorIndex: number;
  private readonly ring: RingBuffer<RingEntry>;
  /** Two arrays of line bounds (see EncodeJob.marks): one may belong to the deferred batch. */
  private readonly markSets: [Int32Array, Int32Array];
  /**
   * The last chunk's lines, not yet in the ring: when the next chunk has at
   * least `capacity` lines it replaces them all, and no record is ever made.
   */
  private deferred: DeferredBatch | undefined;
  readonly filter: LinePredicate | undefined;
  readonly collapser: RepeatCollapser | undefined;
  readonly file: FileSink | undefined;
  private collapseTimer: NodeJS.Timeout | undefined;
  private readonly color: boolean;
  private readonly onIdleRepeats: (text: string) => void;

  constructor(init: ServiceLogInit) {
    this.name = init.name;
    this.jsonName = JSON.stringify(init.name);
    this.seq = init.seq;
    this.colorIndex = init.colorIndex;
    this.color = init.color;
    this.ring = new RingBuffer<RingEntry>(init.bufferLines);
    const slots = Math.max(1, this.ring.capacity) * 2;
    this.markSets = [new Int32Array(slots), new Int32Array(slots)];
    this.filter = init.filter;
    this.collapser = init.collapseRepeats ? new RepeatCollapser() : undefined;
    this.file = init.file;
    this.onIdleRepeats = init.onIdleRepeats;
  }

  /** The terminal needs the text of each line: filtering and collapsing read it. */
  get shapesTerminal(): boolean {
    return this.filter !== undefined || this.collapser !== undefined;
  }

  setWidth(width: number): void {
    this.prefix = servicePrefix(this.name, this.colorIndex, { color: this.color, width });
    this.prefixBytes = Buffer.from(this.prefix, 'utf8');
  }

  /** Where the encoder notes line bounds for `keepInRing` (undefined: the ring keeps nothing). */
  marksForNextBatch(): Int32Array | undefined {
    if (this.ring.capacity === 0) return undefined;
    return this.deferred?.marks === this.markSets[0] ? this.markSets[1] : this.markSets[0];
  }

  /** A chunk's lines (their bounds in `marks`) are the newest of the ring. */
  keepInRing(stream: LogStream, ts: string, data: Buffer, marks: Int32Array | undefined, count: number, first: number): void {
    if (!marks || count === 0) return;
    if (count < this.ring.capacity) this.flushDeferred();
    this.deferred = { stream, ts, data, marks, count, first };
  }

  pushRecord(record: LogRecord): void {
    this.flushDeferred();
    this.ring.push(record);
  }

  /** The last `n` records of the ring (all by default), oldest first. */
  lastRecords(n?: number): LogRecord[] {
    this.flushDeferred();
    return this.ring.last(n).map(toRecord);
  }

  get ringCapacity(): number {
    return this.ring.capacity;
  }

  /** The deferred batch's last lines go to the ring as bytes, copied so the chunk itself can go. */
  private flushDeferred(): void {
    const batch = this.deferred;
    if (!batch) return;
    this.deferred = undefined;
    const { marks, count } = batch;
    const slots = marks.length >> 1;
    const keep = Math.min(count, this.ring.capacity);
    const slotOf = (line: number): number => (line % slots) << 1;
    const base = marks[slotOf(count - keep)] as number;
    const bytes = Buffer.from(batch.data.subarray(base));
    for (let n = count - keep; n < count; n += 1) {
      const slot = slotOf(n);
      const start = (marks[slot] as number) - base;
      const end = (marks[slot + 1] as number) - base;
      this.ring.push(new ByteRecord(batch.ts, this.name, batch.stream, batch.first + n, bytes, start, end));
    }
  }

  terminalBatch(lines: readonly string[]): string {
    if (!this.color && !this.shapesTerminal) return `${this.prefix}${lines.join(`\n${this.prefix}`)}\n`;
    let text = '';
    for (const line of lines) text += this.terminalText(line);
    return text;
  }

  private terminalText(line: string): string {
    if (this.filter && !this.filter(line)) return '';
    let text = '';
    if (this.collapser) {
      const verdict = this.collapser.push(line);
      if (verdict.endedRepeats > 0) text += `${this.prefix}${repeatedLine(verdict.endedRepeats, this.color)}\n`;
      if (!verdict.show) {
        this.armCollapseTimer();
        return text;
      }
    }
    return `${text}${this.prefix}${styleBody(line, this.color ? detectAlertLevel(line) : undefined, this.color)}\n`;
  }

  /** A run of repeats that stays quiet is summarised after a second, not only when another line comes. */
  private armCollapseTimer(): void {
    if (this.collapseTimer) return;
    this.collapseTimer = setTimeout(() => {
      this.collapseTimer = undefined;
      const text = this.endRepeatRun();
      if (text) this.onIdleRepeats(text);
    }, collapseIdleMs);
    this.collapseTimer.unref();
  }

  /** The summary of a pending run of repeats, if any (then reset). */
  endRepeatRun(): string {
    const repeats = this.collapser?.takeRepeats() ?? 0;
    return repeats > 0 ? `${this.prefix}${repeatedLine(repeats, this.color)}\n` : '';
  }

  stopTimers(): void {
    clearTimeout(this.collapseTimer);
  }
}

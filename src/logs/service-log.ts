import type { FileSink } from './file-sink.js';
import { repeatedLine, servicePrefix, styleBody } from './format.js';
import { detectAlertLevel } from './level.js';
import type { LinePredicate } from './line-filter.js';
import { RepeatCollapser } from './repeat-collapser.js';
import { RingBuffer } from './ring-buffer.js';
import { ByteRecord } from './ring-entry.js';
import type { RingEntry } from './ring-entry.js';
import type { LogStream } from './types.js';

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
  readonly ring: RingBuffer<RingEntry>;
  /** Line bounds of the last chunk's last `ring.capacity` lines (see EncodeJob.marks). */
  readonly marks: Int32Array;
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
    this.marks = new Int32Array(Math.max(1, this.ring.capacity) * 2);
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

  /** The chunk's last lines go to the ring as bytes, copied so the chunk itself can go. */
  keepInRing(stream: LogStream, ts: string, data: Buffer, count: number, first: number): void {
    const slots = this.marks.length >> 1;
    const keep = Math.min(count, this.ring.capacity);
    if (keep === 0) return;
    const slotOf = (line: number): number => (line % slots) << 1;
    const base = this.marks[slotOf(count - keep)] as number;
    const bytes = Buffer.from(data.subarray(base));
    for (let n = count - keep; n < count; n += 1) {
      const slot = slotOf(n);
      const start = (this.marks[slot] as number) - base;
      const end = (this.marks[slot + 1] as number) - base;
      this.ring.push(new ByteRecord(ts, this.name, stream, first + n, bytes, start, end));
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

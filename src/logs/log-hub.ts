import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../shared/errors.js';
import { styles, resetAll } from './ansi.js';
import { ByteLineSplitter } from './byte-splitter.js';
import { crashFooter, crashHeader, netraLine, styleBody } from './format.js';
import { FileSink, defaultRotation, readLastSeqSync } from './file-sink.js';
import type { RotationOptions } from './file-sink.js';
import type { LineInput, LogHub, LogHubOptions } from './log-hub-types.js';
import { alertHintOffsets, detectAlertLevel } from './level.js';
import { encodeLines } from './line-encoder.js';
import type { ByteStyle } from './line-encoder.js';
import { createLineFilter } from './line-filter.js';
import { ServiceLog } from './service-log.js';
import { StreamWriter } from './stream-writer.js';
import { decodeLines, fileText, needsTextPath } from './text-batch.js';
import type { LogRecord, LogStream } from './types.js';

/** The name under which netra's stack-level messages (no service) are filed. */
export const stackLogName = 'netra';

const byteStyle = (color: boolean): ByteStyle | undefined =>
  color
    ? {
        hints: [],
        levelOf: detectAlertLevel,
        warn: { open: Buffer.from(styles.yellow.open), close: Buffer.from(styles.yellow.close) },
        error: { open: Buffer.from(styles.red.open), close: Buffer.from(styles.red.close) },
        reset: Buffer.from(resetAll),
      }
    : undefined;

export function createLogHub(options: LogHubOptions): LogHub {
  return new Hub(options);
}

class Hub implements LogHub {
  private readonly services = new Map<string, ServiceLog>();
  private readonly listeners = new Set<(record: LogRecord) => void>();
  private readonly drainListeners = new Set<() => void>();
  private readonly out: StreamWriter;
  private readonly err: StreamWriter;
  private readonly rotation: RotationOptions;
  private readonly now: () => Date;
  private readonly highWaterMark: number;
  private readonly style: ByteStyle | undefined;
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private width = 0;
  private filesOk: boolean;
  private warned = new Set<string>();
  private wasCongested = false;
  private closed = false;

  constructor(private readonly options: LogHubOptions) {
    this.rotation = options.rotation ?? defaultRotation;
    this.now = options.now ?? (() => new Date());
    this.highWaterMark = options.highWaterMark ?? 8 * 1024 * 1024;
    this.style = byteStyle(options.color);
    const progress = (): void => this.checkDrain();
    this.out = new StreamWriter(options.stdout, progress, (e) => this.warnOnce('stdout', `cannot write to the terminal: ${errorMessage(e)}`));
    this.err = new StreamWriter(options.stderr, progress, (e) => this.warnOnce('stderr', `cannot write to the terminal: ${errorMessage(e)}`));
    this.filesOk = this.prepareDir();
    for (const name of options.services) this.addService(name);
  }

  get congested(): boolean {
    if (this.out.queued > this.highWaterMark || this.err.queued > this.highWaterMark) return true;
    for (const state of this.services.values()) {
      if (state.file && state.file.queued > this.highWaterMark) return true;
    }
    return false;
  }

  onDrain(listener: () => void): () => void {
    this.drainListeners.add(listener);
    // Whoever waits for a drain saw congestion: make sure it is tracked (a batch that
    // crossed the mark after the last check would otherwise never report its drain),
    // and a queue that already drained answers at once.
    if (this.congested) this.wasCongested = true;
    else queueMicrotask(() => {
      if (this.drainListeners.has(listener)) listener();
    });
    return () => this.drainListeners.delete(listener);
  }

  subscribe(listener: (record: LogRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  addService(name: string): void {
    if (this.services.has(name)) return;
    const serviceOptions = this.options.serviceOptions?.[name] ?? {};
    const file = this.filesOk
      ? new FileSink(
          join(this.options.logDir, `${name}.log`),
          this.rotation,
          (e) => this.warnOnce('files', `cannot write log files in ${this.options.logDir}: ${errorMessage(e)}; the terminal stream goes on`),
          () => this.checkDrain(),
        )
      : undefined;
    const state = new ServiceLog({
      name,
      seq: file ? this.lastSeq(file.path) : 0,
      colorIndex: this.services.size,
      color: this.options.color,
      bufferLines: serviceOptions.bufferLines ?? 200,
      filter: createLineFilter(serviceOptions.include, serviceOptions.exclude),
      collapseRepeats: serviceOptions.collapseRepeats === true,
      file,
      onIdleRepeats: (text) => this.out.write(text),
    });
    this.services.set(name, state);
    if (name.length > this.width) {
      this.width = name.length;
      for (const other of this.services.values()) other.setWidth(this.width);
    } else {
      state.setWidth(this.width);
    }
  }

  write(service: string, stream: LogStream, line: string): void {
    this.writeLines(service, stream, [line]);
  }

  input(service: string, stream: LogStream): LineInput {
    const splitter = new ByteLineSplitter(this.options.maxLineLength === undefined ? {} : { maxLineLength: this.options.maxLineLength });
    const take = (parts: (Buffer | string[])[]): void => {
      // The lines of one chunk arrived together: one time for all of them.
      let ts: string | undefined;
      for (const part of parts) {
        if (Array.isArray(part)) this.writeLines(service, stream, part);
        else this.writeBytes(this.state(service), stream, part, (ts ??= this.now().toISOString()));
      }
    };
    return { push: (chunk) => take(splitter.push(chunk)), end: () => take(splitter.end()) };
  }

  writeLines(service: string, stream: LogStream, lines: readonly string[]): void {
    if (lines.length === 0 || this.closed) return;
    const state = this.state(service);
    if (this.takesBytes(state)) {
      // One encode of the batch, then the byte path, unless a line would not survive it
      // (a `\n` inside, a `\r` at its end, or a lone surrogate, which UTF-8 cannot carry).
      const joined = lines.join('\n');
      if (!needsTextPath.test(joined) && !hasNewline(lines)) {
        // Encoded into a reused buffer: the encoder copies everything out of it.
        if (this.scratch.length < joined.length * 3 + 1) this.scratch = Buffer.allocUnsafe(joined.length * 3 + 1);
        const length = this.scratch.write(joined, 0, 'utf8');
        this.scratch[length] = 10;
        this.writeBytes(state, stream, this.scratch.subarray(0, length + 1), this.now().toISOString(), lines);
        if (this.scratch.length > 1024 * 1024) this.scratch = Buffer.allocUnsafe(64 * 1024);
        return;
      }
    }
    this.writeText(state, stream, lines);
  }

  /** The byte path takes lines as long as no one needs their text on the way (listeners, filters, collapsing). */
  private takesBytes(state: ServiceLog): boolean {
    return this.listeners.size === 0 && !state.shapesTerminal;
  }

  /**
   * Whole `\n`-ended lines as the child wrote them; with `lines`, their text
   * is at hand for the ring and `data` is only lent (it will be reused).
   */
  private writeBytes(state: ServiceLog, stream: LogStream, data: Buffer, ts: string, lines?: readonly string[]): void {
    if (data.length === 0 || this.closed) return;
    if (!this.takesBytes(state)) {
      this.writeText(state, stream, decodeLines(data));
      return;
    }
    const first = state.seq + 1;
    const file = state.file?.accepting ? state.file : undefined;
    const terminal = this.out.accepting ? this.out : undefined;
    const style = this.style && terminal ? { ...this.style, hints: alertHintOffsets(data.toString('latin1')) } : undefined;
    const marks = lines ? undefined : state.marksForNextBatch();
    const count = encodeLines({
      data,
      terminal,
      prefix: state.prefixBytes,
      style,
      file,
      head: file ? Buffer.from(`{"ts":"${ts}","service":${state.jsonName},"stream":"${stream}","line":`, 'utf8') : emptyBuffer,
      firstSeq: first,
      marks,
    });
    state.seq += count;
    if (lines) {
      for (let i = Math.max(0, lines.length - state.ringCapacity); i < lines.length; i += 1) {
        state.pushRecord({ ts, service: state.name, stream, line: lines[i] as string, seq: first + i });
      }
    } else {
      state.keepInRing(stream, ts, data, marks, count, first);
    }
    file?.kick();
    this.checkCongestion();
  }

  private writeText(state: ServiceLog, stream: LogStream, lines: readonly string[]): void {
    const ts = this.now().toISOString();
    const head = `{"ts":"${ts}","service":${state.jsonName},"stream":"${stream}","line":`;
    const listening = this.listeners.size > 0;
    // Only the lines that end up in the ring need a record unless someone listens.
    const keepFrom = listening ? 0 : lines.length - state.ringCapacity;
    const first = state.seq + 1;
    for (let i = Math.max(0, keepFrom); i < lines.length; i += 1) {
      const record: LogRecord = { ts, service: state.name, stream, line: lines[i] as string, seq: first + i };
      state.pushRecord(record);
      if (listening) for (const listener of this.listeners) listener(record);
    }
    state.seq += lines.length;
    const file = state.file ? fileText(head, lines, first) : '';
    const term = state.terminalBatch(lines);
    state.file?.append(file);
    state.file?.kick();
    this.out.write(term);
    this.checkCongestion();
  }

  netra(service: string | undefined, message: string, level: 'info' | 'warn' | 'error' = 'info'): void {
    if (this.closed) return;
    const name = service ?? stackLogName;
    const text = level === 'info' ? message : `${level === 'warn' ? 'warning' : 'error'}: ${message}`;
    const state = this.state(name);
    const ts = this.now().toISOString();
    state.seq += 1;
    const record: LogRecord = { ts, service: name, stream: 'netra', line: text, seq: state.seq };
    state.file?.append(`${JSON.stringify(record)}\n`);
    state.file?.kick();
    state.pushRecord(record);
    for (const listener of this.listeners) listener(record);
    this.err.write(`${netraLine(service, message, level, this.options.color)}\n`);
  }

  tail(service: string, n?: number): LogRecord[] {
    return this.services.get(service)?.lastRecords(n) ?? [];
  }

  printCrashContext(service: string, reason: string, lines = 20): void {
    const state = this.services.get(service);
    const records = state ? state.lastRecords(lines) : [];
    const color = this.options.color;
    let text = `${crashHeader(service, reason, records.length, color)}\n`;
    const prefix = state?.prefix ?? `${service} | `;
    for (const record of records) {
      const body = record.stream === 'netra' ? `netra › ${record.line}` : record.line;
      text += `${prefix}${styleBody(body, color ? detectAlertLevel(record.line) : undefined, color)}\n`;
    }
    if (records.length === 0) text += '(no output)\n';
    text += `${crashFooter(color)}\n`;
    this.err.write(text);
  }

  async flush(): Promise<void> {
    for (const state of this.services.values()) this.out.write(state.endRepeatRun());
    this.out.flushNow(true);
    this.err.flushNow(true);
    await Promise.all([...this.services.values()].map((state) => state.file?.flush()));
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    for (const state of this.services.values()) state.stopTimers();
    await Promise.all([...this.services.values()].map((state) => state.file?.close()));
    this.out.detach();
    this.err.detach();
  }

  private state(name: string): ServiceLog {
    let state = this.services.get(name);
    if (!state) {
      this.addService(name);
      state = this.services.get(name) as ServiceLog;
    }
    return state;
  }

  private lastSeq(path: string): number {
    try {
      return readLastSeqSync(path);
    } catch (error) {
      this.warnOnce('seq', `cannot read ${path}: ${errorMessage(error)}; its seq starts again at 1`);
      return 0;
    }
  }

  private prepareDir(): boolean {
    try {
      mkdirSync(this.options.logDir, { recursive: true });
      return true;
    } catch (error) {
      this.warnOnce('files', `cannot create the log folder ${this.options.logDir}: ${errorMessage(error)}; logs go to the terminal only`);
      return false;
    }
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.options.onWarning?.(message);
  }

  private checkCongestion(): void {
    if (!this.wasCongested && this.congested) this.wasCongested = true;
  }

  private checkDrain(): void {
    if (!this.wasCongested || this.congested) return;
    this.wasCongested = false;
    for (const listener of [...this.drainListeners]) listener();
  }
}

const emptyBuffer = Buffer.alloc(0);

function hasNewline(lines: readonly string[]): boolean {
  for (const line of lines) if (line.includes('\n')) return true;
  return false;
}

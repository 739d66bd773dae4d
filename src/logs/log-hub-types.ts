import type { RotationOptions } from './file-sink.js';
import type { LinePattern } from './line-filter.js';
import type { LogRecord, LogStream } from './types.js';

/** Per-service `logs` options of the config. They shape the terminal only: the file keeps every line. */
export interface ServiceLogOptions {
  /** Show only lines matching one of these (substring or RegExp). */
  include?: readonly LinePattern[];
  /** Hide lines matching any of these. */
  exclude?: readonly LinePattern[];
  /** Collapse consecutive repeats (after masking times, durations, ports, ids) into `… repeated N times`. */
  collapseRepeats?: boolean;
  /** Lines kept in memory for crash context and `tail()`. Default 200. */
  bufferLines?: number;
}

export interface LogHubOptions {
  /** `<project>/.netra/logs`. */
  logDir: string;
  /** Service names known up front: they set the prefix width and colors. */
  services: readonly string[];
  /** Where service lines go. */
  stdout: NodeJS.WritableStream;
  /** Where netra's own lines and crash context go. */
  stderr: NodeJS.WritableStream;
  /** Emit ANSI colors (decided by the CLI from NO_COLOR, FORCE_COLOR, the TTY). */
  color: boolean;
  /** Size-based rotation; default 10 MiB × 5 files. */
  rotation?: RotationOptions;
  serviceOptions?: Record<string, ServiceLogOptions>;
  /** Told once when log files cannot be written (full disk, unwritable folder) or the terminal broke. */
  onWarning?: (message: string) => void;
  now?: () => Date;
  /** Queued bytes (terminal or files) above which `congested` is true. Default 8 MiB. */
  highWaterMark?: number;
  /** Lines of `input()` longer than this many characters are cut into pieces (never dropped). Default 1 MiB. */
  maxLineLength?: number;
}

/** One pipe of a child feeding the hub: raw chunks in, whole lines out (see `LogHub.input`). */
export interface LineInput {
  /** A chunk as read from the pipe: lines are split, joined across chunks and written. */
  push(chunk: Buffer): void;
  /** The pipe ended: a last line without newline is written. */
  end(): void;
}

export interface LogHub {
  /**
   * The hot path: a child's pipe, chunk by chunk. Lines stay bytes from the
   * pipe to the terminal and the file unless a listener, a filter or repeat
   * collapsing needs their text.
   */
  input(service: string, stream: LogStream): LineInput;
  /** Many lines of one chunk at once. */
  writeLines(service: string, stream: LogStream, lines: readonly string[]): void;
  write(service: string, stream: LogStream, line: string): void;
  /** netra's own message about a service (or the stack when undefined): file stream 'netra' and stderr. */
  netra(service: string | undefined, message: string, level?: 'info' | 'warn' | 'error'): void;
  /** True while terminal or file queues are above the high-water mark: pause child pipes until `onDrain`. */
  readonly congested: boolean;
  onDrain(listener: () => void): () => void;
  /** The last `n` lines of the service's ring buffer (all kept lines by default). */
  tail(service: string, n?: number): LogRecord[];
  /** Every record as written; listeners must be cheap. */
  subscribe(listener: (record: LogRecord) => void): () => void;
  /** The crash context block: the service's last lines under a clear header, on stderr. */
  printCrashContext(service: string, reason: string, lines?: number): void;
  addService(name: string): void;
  /** Resolves once everything written so far is in the files and handed to the terminal. */
  flush(): Promise<void>;
  /** flush, then close the files. */
  close(): Promise<void>;
}

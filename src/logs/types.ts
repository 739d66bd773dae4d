/** Where a line came from: a child's stdout or stderr, or netra itself talking about the service. */
export type LogStream = 'stdout' | 'stderr' | 'netra';

/**
 * One line of a service: exactly the JSON object stored one per line in
 * `.netra/logs/<service>.log` (../shared/CLI.md, "State directory").
 */
export interface LogRecord {
  /** ISO-8601 time the line reached netra. */
  ts: string;
  /** The service name. */
  service: string;
  /** Which stream the line came from. */
  stream: LogStream;
  /** The line text, without its line terminator. */
  line: string;
  /** Rises by one per line per service, and keeps rising across runs and rotations. */
  seq: number;
}

export const logStreams: readonly LogStream[] = ['stdout', 'stderr', 'netra'];

export function isLogStream(value: unknown): value is LogStream {
  return value === 'stdout' || value === 'stderr' || value === 'netra';
}

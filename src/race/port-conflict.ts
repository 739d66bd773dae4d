/**
 * `port: 'auto'` hands a free port to a service, but another program can bind
 * it first. These help the supervisor notice that the service lost that race
 * (it exits early saying so) and retry with a fresh port.
 */

/** What servers print when their port is taken: Node, Python, Go, Java, Ruby, Rust, uvicorn/gunicorn, Postgres. */
const ADDRESS_IN_USE = [
  /EADDRINUSE/,
  /address already in use/i,
  /Errno 98/,
  /Errno 48/, // macOS
  /only one usage of each socket address/i, // Windows (WSAEADDRINUSE)
  /could not bind IPv[46] address/i, // PostgreSQL
  /port \d+ is already (in use|allocated)/i,
];

/** True when any of a service's last output lines says its port was taken. */
export function looksLikePortConflict(lines: Iterable<string>): boolean {
  for (const line of lines) if (ADDRESS_IN_USE.some((pattern) => pattern.test(line))) return true;
  return false;
}

export interface AutoPortRetryOptions {
  /** Gives a fresh port for each try. */
  allocate: () => Promise<number>;
  /** Tries in all, the first included (default 3). */
  tries?: number;
  /** Whether a failed start lost the port race (e.g. looksLikePortConflict on its output). */
  isPortConflict: (error: unknown) => boolean;
  /** Told before each retry. */
  onRetry?: (port: number, error: unknown) => void;
}

/**
 * Runs `start(port)` with a fresh auto port, again with another one while it
 * fails because the port was taken; any other failure is thrown at once.
 */
export async function withAutoPort<T>(start: (port: number) => Promise<T>, options: AutoPortRetryOptions): Promise<T> {
  const tries = Math.max(1, options.tries ?? 3);
  for (let attempt = 1; ; attempt += 1) {
    const port = await options.allocate();
    try {
      return await start(port);
    } catch (error) {
      if (attempt >= tries || !options.isPortConflict(error)) throw error;
      options.onRetry?.(port, error);
    }
  }
}

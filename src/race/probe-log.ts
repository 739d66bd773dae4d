/** Where a log probe reads a service's output lines from. */
export interface LineSource {
  /** Calls `listener` with every new line; returns the unsubscribe function. */
  subscribe(listener: (line: string) => void): () => void;
  /** Lines already written, oldest first: a ready line printed before the probe began counts. */
  recent?(): readonly string[];
}

/** A config `log` value as a pattern: a string matches literally (`'listening on'`), a RegExp as is. */
export function logPattern(value: string | RegExp): RegExp {
  return typeof value === 'string' ? new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : value;
}

/** A copy without `g`/`y`, whose `lastIndex` state would make `test()` skip matches. */
export function statelessPattern(pattern: RegExp): RegExp {
  return pattern.global || pattern.sticky
    ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
    : pattern;
}

/** True when a line already written matches. */
export function recentLineMatches(lines: LineSource, pattern: RegExp): boolean {
  const test = statelessPattern(pattern);
  return (lines.recent?.() ?? []).some((line) => test.test(line));
}

/**
 * Resolves with the number of lines examined once one matches; rejects with the
 * signal's reason on abort (after unsubscribing). Recent lines are checked
 * after subscribing, so a line written in between is never missed.
 */
export function waitForLine(
  lines: LineSource,
  pattern: RegExp,
  signal: AbortSignal,
  onLine: (seen: number, line: string) => void = () => {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const test = statelessPattern(pattern);
    let seen = 0;
    let done = false;
    let unsubscribe: (() => void) | undefined;
    const finish = (error?: unknown): void => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      unsubscribe?.();
      if (error === undefined) resolve(seen);
      else reject(error);
    };
    const check = (line: string): void => {
      if (done) return;
      seen += 1;
      onLine(seen, line);
      if (test.test(line)) finish();
    };
    const onAbort = (): void => finish(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    unsubscribe = lines.subscribe(check);
    // A source that delivered synchronously on subscribe may already have matched.
    if (done) {
      unsubscribe();
      return;
    }
    for (const line of lines.recent?.() ?? []) {
      check(line);
      if (done) return;
    }
  });
}

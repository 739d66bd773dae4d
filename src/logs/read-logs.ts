import type { LogQuery } from './log-query.js';
import { LogSession } from './log-session.js';
import type { ReadRecord } from './record-parser.js';

/**
 * The lines `netra logs` (without `--follow`) prints: per service the last
 * `tail` matching lines (or all), merged in time order, in batches.
 * Throws NetraError('UNKNOWN_SERVICE') for a named service without logs.
 */
export async function* readLogs(query: LogQuery): AsyncGenerator<ReadRecord[]> {
  const session = await LogSession.open(query);
  try {
    yield* session.history();
  } finally {
    await session.close();
  }
}

import pg from 'pg';
import { redactUrl } from './url.js';

/**
 * One readiness attempt: a real `pg` client connects and `SELECT 1` answers.
 * Throws otherwise (the caller retries on its own interval). The client is
 * always ended, and an abort ends it at once so a hung server cannot hold the probe.
 */
export async function checkPostgres(url: string, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // A failed connect also emits 'error'; without a listener that would crash the process.
  client.on('error', () => undefined);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    await Promise.race([client.connect(), aborted]);
    const result = await Promise.race([client.query<{ ok: number }>('SELECT 1 AS ok'), aborted]);
    if (result.rows[0]?.ok !== 1) throw new Error(`SELECT 1 on ${redactUrl(url)} returned ${JSON.stringify(result.rows)}`);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    await endQuietly(client);
  }
}

async function endQuietly(client: pg.Client): Promise<void> {
  try {
    await client.end();
  } catch {
    // Ending a client whose connection failed may reject; nothing is left to release.
  }
}

/**
 * POSTs each alert as JSON to the configured URL, in order, one request at
 * a time, each bounded by `timeoutMs`, retried `retries` times with doubling
 * delays. Never blocks the caller: records queue (at most 100; the oldest
 * are dropped and counted) and `close` waits one second (or one timeout) at most.
 */
import type { Clock } from '../../shared/clock.js';
import type { WebhookSettings } from '../config.js';
import type { AlertRecord, AlertSink } from '../types.js';

const MAX_QUEUE = 100;
const CLOSE_WAIT_MS = 1_000;

export interface WebhookSinkOptions {
  settings: WebhookSettings;
  clock: Clock;
  fetchImpl?: typeof fetch;
  onWarning?: (message: string) => void;
}

export function createWebhookSink(options: WebhookSinkOptions): AlertSink {
  const { settings, clock } = options;
  const doFetch = options.fetchImpl ?? fetch;
  const queue: AlertRecord[] = [];
  const stop = new AbortController();
  let running: Promise<void> | undefined;
  let dropped = 0;
  let warnedAt = -Infinity;

  const warn = (message: string): void => {
    // At most one warning a minute: a dead endpoint must not become its own flood.
    if (clock.now() - warnedAt < 60_000) return;
    warnedAt = clock.now();
    options.onWarning?.(message);
  };

  // Not shared/clock's delay: this one runs on the injected clock, is unref'd, and ends quietly on close.
  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (stop.signal.aborted) return resolve();
      // The listener goes when the wait ends: one per retry on the sink-long signal would trip Node's leak warning.
      const done = (): void => {
        stop.signal.removeEventListener('abort', done);
        clock.clearTimeout(timer);
        resolve();
      };
      const timer = clock.setTimeout(done, ms);
      timer.unref?.();
      stop.signal.addEventListener('abort', done, { once: true });
    });

  const send = async (record: AlertRecord): Promise<void> => {
    const body = JSON.stringify(dropped > 0 ? { ...record, droppedBefore: dropped } : record);
    dropped = 0;
    let lastError = '';
    for (let attempt = 0; attempt <= settings.retries && !stop.signal.aborted; attempt += 1) {
      if (attempt > 0) await wait(250 * 2 ** (attempt - 1));
      if (stop.signal.aborted) break;
      try {
        const response = await doFetch(settings.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...settings.headers },
          body,
          signal: AbortSignal.any([stop.signal, AbortSignal.timeout(settings.timeoutMs)]),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return;
        lastError = `HTTP ${response.status}`;
        if (response.status >= 400 && response.status < 500 && response.status !== 429) break; // will not get better
      } catch (error) {
        lastError = (error as Error).message;
      }
    }
    if (!stop.signal.aborted) warn(`alert webhook ${settings.url} failed: ${lastError}`);
  };

  const drain = async (): Promise<void> => {
    for (let record = queue.shift(); record !== undefined; record = queue.shift()) await send(record);
    running = undefined;
  };

  return {
    write(record) {
      queue.push(record);
      if (queue.length > MAX_QUEUE) {
        queue.shift();
        dropped += 1;
      }
      running ??= drain();
    },
    async close() {
      if (!running) return;
      // Shutdown waits for the queue at most a second (or the timeout when shorter): Ctrl+C stays quick.
      const timer = new Promise<void>((resolve) => clock.setTimeout(resolve, Math.min(settings.timeoutMs, CLOSE_WAIT_MS)).unref?.());
      await Promise.race([running, timer]);
      stop.abort();
      await running;
    },
  };
}

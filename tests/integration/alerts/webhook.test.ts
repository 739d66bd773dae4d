/** The webhook sink against a real HTTP server: retried after a 503, bounded against one that never answers. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createWebhookSink, type AlertRecord } from '../../../src/alerts/index.js';
import { systemClock } from '../../../src/shared/clock.js';
import { waitFor } from './sinks-harness.js';

const record: AlertRecord = { ts: '2026-01-01T00:00:00.000Z', rule: 'memory-high', severity: 'warning', state: 'firing', service: 'hog', message: 'hog uses 2048 MB', id: 'm1', count: 1 };

async function server(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const http = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    close: () => new Promise<void>((resolve) => { http.closeAllConnections(); http.close(() => resolve()); }),
  };
}

describe('webhook sink', () => {
  it('POSTs the record as JSON with the configured headers; a 503 is retried', async (ctx) => {
    const received: { body: string; auth: string | undefined; type: string | undefined }[] = [];
    const hook = await server((req, res, body) => {
      received.push({ body, auth: req.headers.authorization, type: req.headers['content-type'] });
      res.statusCode = received.length === 1 ? 503 : 200;
      res.end();
    });
    ctx.onTestFinished(() => hook.close());
    const warnings: string[] = [];
    const sink = createWebhookSink({ settings: { url: hook.url, timeoutMs: 2000, retries: 2, headers: { authorization: 'Bearer t' } }, clock: systemClock, onWarning: (m) => warnings.push(m) });
    sink.write(record, false);
    await waitFor('the retried request', () => (received.length >= 2 ? true : undefined), 10_000);
    await sink.close();
    expect(received).toHaveLength(2);
    expect(received.map((r) => JSON.parse(r.body) as AlertRecord)).toEqual([record, record]);
    expect(received[0]).toMatchObject({ auth: 'Bearer t', type: 'application/json' });
    expect(warnings).toEqual([]);
  });

  it('an endpoint that never answers costs one timeout per attempt, a warning, and a bounded close', async (ctx) => {
    let requests = 0;
    const hook = await server(() => void (requests += 1)); // never answers
    ctx.onTestFinished(() => hook.close());
    const warnings: string[] = [];
    const sink = createWebhookSink({ settings: { url: hook.url, timeoutMs: 200, retries: 1, headers: {} }, clock: systemClock, onWarning: (m) => warnings.push(m) });
    sink.write(record, false);
    await waitFor('the warning', () => (warnings.length > 0 ? true : undefined), 10_000);
    expect(requests).toBe(2);
    expect(warnings).toEqual([expect.stringMatching(/^alert webhook http:\/\/127\.0\.0\.1:\d+\/hook failed: /)]);
    sink.write({ ...record, id: 'm2' }, false);
    await sink.close(); // bounded: gives the pending request up
  });

  it('retry waits against a failing endpoint leave no abort listener behind (no MaxListenersExceededWarning on stderr)', { timeout: 20_000 }, async (ctx) => {
    let requests = 0;
    const hook = await server((_req, res) => {
      requests += 1;
      res.statusCode = 500;
      res.end();
    });
    ctx.onTestFinished(() => hook.close());
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    ctx.onTestFinished(() => void process.off('warning', onWarning));
    const sink = createWebhookSink({ settings: { url: hook.url, timeoutMs: 2000, retries: 1, headers: {} }, clock: systemClock });
    // Twelve records, one retry wait each: more waits than the signal's default limit of 10 listeners.
    for (let i = 0; i < 12; i += 1) sink.write({ ...record, id: `m${i}` }, false);
    await waitFor('every attempt', () => (requests >= 24 ? true : undefined), 15_000);
    await sink.close();
    expect(requests).toBe(24);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});

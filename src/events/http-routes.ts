/**
 * The HTTP side of the server (EVENTS.md "HTTP publish"): `GET /healthz` and
 * `POST /v1/threads/{threadId}/runs/{runId}/events`, checked for Host/Origin,
 * bearer token, size and concurrency before anything is applied.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventHub } from './hub.js';
import type { Observers } from './observation.js';
import type { GuardOptions } from './origin-guard.js';
import type { EventsErrorCode, HttpPublishResult } from './protocol.js';
import { checkHostAndOrigin } from './origin-guard.js';
import { tokenMatches } from './token.js';
import { parseHttpEvent, isValidId } from './validate.js';
import { MAX_FRAME_BYTES } from './protocol.js';

export interface HttpContext {
  token: string;
  hub: EventHub;
  observers: Observers;
  guard: GuardOptions;
  /** Concurrent publish requests beyond this get 429. */
  maxConcurrent: number;
}

const PUBLISH_PATH = /^\/v1\/threads\/([^/]+)\/runs\/([^/]+)\/events\/?$/;

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function fail(res: ServerResponse, status: number, code: EventsErrorCode, message: string): void {
  json(res, status, { error: { code, message } });
}

/** Reads the body up to `limit` bytes; resolves null when over it. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function createHttpHandler(ctx: HttpContext): (req: IncomingMessage, res: ServerResponse) => void {
  let inFlight = 0;
  return (req, res) => {
    const verdict = checkHostAndOrigin(req.headers, ctx.guard);
    if (!verdict.ok) return fail(res, 403, 'forbidden', verdict.message);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz') return json(res, 200, { ok: true });
    const match = PUBLISH_PATH.exec(path);
    if (match === null) return fail(res, 404, 'not_found', `no route ${path}`);
    if (req.method !== 'POST') return fail(res, 405, 'bad_request', 'use POST');
    const auth = req.headers.authorization ?? '';
    const presented = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : '';
    if (!tokenMatches(ctx.token, presented)) return fail(res, 401, 'unauthorized', 'missing or wrong bearer token');
    if (Number(req.headers['content-length'] ?? 0) > MAX_FRAME_BYTES) {
      return fail(res, 413, 'payload_too_large', `body over ${MAX_FRAME_BYTES} bytes`);
    }
    if (inFlight >= ctx.maxConcurrent) return fail(res, 429, 'rate_limited', 'too many concurrent publishes');
    inFlight += 1;
    void publish(ctx, req, res, decodeURIComponent(match[1]!), decodeURIComponent(match[2]!))
      .catch(() => {
        if (!res.headersSent) fail(res, 500, 'internal', 'publish failed');
      })
      .finally(() => (inFlight -= 1));
  };
}

async function publish(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  threadId: string,
  runId: string,
): Promise<void> {
  const body = await readBody(req, MAX_FRAME_BYTES);
  if (body === null) return fail(res, 413, 'payload_too_large', `body over ${MAX_FRAME_BYTES} bytes`);
  if (!isValidId(threadId) || !isValidId(runId)) return fail(res, 400, 'bad_request', 'bad threadId or runId');
  let data: unknown;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch {
    return fail(res, 400, 'bad_request', 'body is not JSON');
  }
  const items = Array.isArray(data) ? data : [data];
  if (items.length === 0) return fail(res, 400, 'bad_request', 'no events in the body');
  // Shape errors reject the whole request: nothing of a malformed batch is applied.
  const events = [];
  for (const item of items) {
    const parsed = parseHttpEvent(item);
    if (!parsed.ok) return fail(res, 400, parsed.code, parsed.message);
    events.push(parsed.value);
  }
  const results: HttpPublishResult[] = [];
  for (const event of events) {
    const result = ctx.hub.publish({ threadId, runId, event: event.event, payload: event.payload, eventId: event.eventId, publisher: null });
    if (result.ok) {
      const { ok: _ok, ...ack } = result;
      results.push(ack);
      continue;
    }
    results.push({ error: { code: result.code, message: result.message } });
    if (ctx.observers.active) {
      ctx.observers.emit({
        kind: 'rejected',
        code: result.code,
        message: result.message,
        transport: 'http',
        threadId,
        runId,
        event: event.event,
      });
    }
    break;
  }
  json(res, 200, { results });
}

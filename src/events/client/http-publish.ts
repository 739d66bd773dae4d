/** Publishing over HTTP (EVENTS.md "HTTP publish"), for backends that do not keep a socket. */
import type { HttpPublishResult } from '../protocol.js';
import { EventsClientError } from './errors.js';

export interface HttpEvent {
  event: string;
  payload?: unknown;
  eventId?: string;
}

export interface PublishHttpOptions {
  /** The server's http(s) base URL, or its ws(s) URL (`…/v1/events`), which is converted. */
  url: string;
  token: string;
  threadId: string;
  runId: string;
  /** One event, or several applied in order until the first rejection. */
  events: HttpEvent | HttpEvent[];
  fetchImpl?: typeof fetch;
}

/** Converts `ws://h:p/v1/events` to `http://h:p`; leaves http URLs alone. */
export function httpBaseOf(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'ws:') parsed.protocol = 'http:';
  if (parsed.protocol === 'wss:') parsed.protocol = 'https:';
  return parsed.origin;
}

/** Resolves with one result per event applied or rejected; throws on whole-request failures. */
export async function publishHttp(options: PublishHttpOptions): Promise<HttpPublishResult[]> {
  const doFetch = options.fetchImpl ?? fetch;
  const path = `/v1/threads/${encodeURIComponent(options.threadId)}/runs/${encodeURIComponent(options.runId)}/events`;
  const response = await doFetch(`${httpBaseOf(options.url)}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(options.events),
  });
  const body = (await response.json().catch(() => ({}))) as {
    results?: HttpPublishResult[];
    error?: { code?: string; message?: string };
  };
  if (response.status !== 200 || body.results === undefined) {
    throw new EventsClientError(
      'http_error',
      `HTTP publish failed with ${response.status}: ${body.error?.message ?? 'no details'}`,
    );
  }
  return body.results;
}

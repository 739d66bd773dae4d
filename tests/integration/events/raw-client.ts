/**
 * A raw `ws` test client: records every frame so tests wait on conditions
 * (never on time) and assert on exactly what the server sent.
 */
import WebSocket from 'ws';
import type { ClientRequestArgs } from 'node:http';
import { SUBPROTOCOL } from '../../../src/events/index.js';

export type Frame = Record<string, unknown> & { type: string };

export class RawClient {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
  private waiters: { test: (f: Frame) => boolean; from: number; resolve: (f: Frame) => void }[] = [];

  constructor(
    readonly ws: WebSocket,
  ) {
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
    this.opened.catch(() => undefined);
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
  }

  static connect(url: string, options: { protocols?: string[]; headers?: Record<string, string>; args?: ClientRequestArgs } = {}): RawClient {
    return new RawClient(new WebSocket(url, options.protocols ?? [SUBPROTOCOL], { headers: options.headers, ...options.args }));
  }

  /** Connects, says hello and waits for the welcome. */
  static async ready(url: string, token: string, role: 'ui' | 'backend'): Promise<RawClient> {
    const client = RawClient.connect(url);
    await client.opened;
    client.send({ type: 'hello', token, role });
    await client.next((f) => f.type === 'welcome');
    return client;
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** The first frame (already received or future) matching `test`. */
  next(test: (f: Frame) => boolean, timeoutMs = 5_000): Promise<Frame> {
    const found = this.frames.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`)), timeoutMs);
      this.waiters.push({ test, from: this.frames.length, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  /** Sends a request with an id and waits for its ack or error. */
  async request(frame: Record<string, unknown>): Promise<Frame> {
    const id = `q${Math.random().toString(36).slice(2)}`;
    this.send({ ...frame, id });
    return this.next((f) => f.id === id && (f.type === 'ack' || f.type === 'error' || f.type === 'pong'));
  }

  publish(threadId: string, runId: string, event: string, payload: unknown = {}, eventId?: string): Promise<Frame> {
    return this.request({ type: 'publish', threadId, runId, event, payload, ...(eventId ? { eventId } : {}) });
  }

  events(threadId?: string): Frame[] {
    return this.frames.filter((f) => f.type === 'event' && (threadId === undefined || f['threadId'] === threadId));
  }

  /** Waits until `count` events of the thread have arrived. */
  async waitEvents(threadId: string, count: number, timeoutMs = 5_000): Promise<Frame[]> {
    await this.next(() => this.events(threadId).length >= count, timeoutMs);
    return this.events(threadId).slice(0, count);
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.terminate();
    await this.closed;
  }
}

import { describe, expect, it } from 'vitest';
import { request } from 'node:http';
import WebSocket from 'ws';
import { RawClient } from './raw-client.js';
import { useEventServer } from './server-fixture.js';
import { SUBPROTOCOL } from '../../../src/events/index.js';

function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, [SUBPROTOCOL], { headers });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('error', reject);
  });
}

function httpGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('event server transport and auth', () => {
  const h = useEventServer();

  it('welcomes a good hello with the protocol parameters', async () => {
    const server = await h.start();
    const client = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    const welcome = client.frames[0]!;
    expect(welcome).toMatchObject({
      type: 'welcome',
      epoch: server.epoch,
      heartbeatMs: 15_000,
      maxPayloadBytes: 1024 * 1024,
      replay: { maxEvents: 1000, maxBytes: 2 * 1024 * 1024 },
    });
    expect(typeof welcome['sessionId']).toBe('string');
  });

  it('closes with 4408 when no hello arrives in time', async () => {
    const server = await h.start({ helloTimeoutMs: 100 });
    const client = h.track(RawClient.connect(server.url));
    expect((await client.closed).code).toBe(4408);
  });

  it('closes with 4401 on a wrong token', async () => {
    const server = await h.start();
    const client = h.track(RawClient.connect(server.url));
    await client.opened;
    client.send({ type: 'hello', token: 'f'.repeat(64), role: 'ui' });
    expect((await client.closed).code).toBe(4401);
  });

  it('closes with 4401 when another frame comes before hello', async () => {
    const server = await h.start();
    const client = h.track(RawClient.connect(server.url));
    await client.opened;
    client.send({ type: 'subscribe', threadId: 't1' });
    expect((await client.closed).code).toBe(4401);
  });

  it('closes with 4406 without the subprotocol', async () => {
    const server = await h.start();
    const client = h.track(RawClient.connect(server.url, { protocols: [] }));
    expect((await client.closed).code).toBe(4406);
  });

  it('fails the upgrade for a client that offered only other subprotocols', async () => {
    const server = await h.start();
    const client = h.track(RawClient.connect(server.url, { protocols: ['graphql-ws'] }));
    await expect(client.opened).rejects.toThrow(/subprotocol/i);
  });

  it('answers 403 to a bad Origin and a bad Host before the upgrade', async () => {
    const server = await h.start({ allowedOrigins: ['https://chat.example.test'] });
    expect(await upgradeStatus(server.url, { Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(server.url, { Host: 'rebind.example:80' })).toBe(403);
    expect(await upgradeStatus(server.url, { Origin: 'http://localhost:5173' })).toBe(101);
    expect(await upgradeStatus(server.url, { Origin: 'https://chat.example.test' })).toBe(101);
    expect(await upgradeStatus(server.url, { Host: `[::1]:${server.port}` })).toBe(101);
  });

  it('closes with 1003 on a binary frame', async () => {
    const server = await h.start();
    const client = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await client.closed).code).toBe(1003);
  });

  it('closes with 1009 on a frame over 1 MiB', async () => {
    const server = await h.start();
    const client = h.track(await RawClient.ready(server.url, server.token, 'backend'));
    client.ws.send('x'.repeat(1024 * 1024 + 1));
    expect((await client.closed).code).toBe(1009);
  });

  it('answers malformed frames with bad_request and keeps the socket open', async () => {
    const server = await h.start();
    const client = h.track(await RawClient.ready(server.url, server.token, 'backend'));
    client.ws.send('{not json');
    expect(await client.next((f) => f.type === 'error')).toMatchObject({ code: 'bad_request', retryable: false });
    expect(await client.request({ type: 'nope' })).toMatchObject({ type: 'error', code: 'bad_request' });
    expect(await client.request({ type: 'publish', threadId: 't' })).toMatchObject({ code: 'bad_request' });
    expect(await client.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
  });

  it('closes with 4400 after more than 20 errors in the window, but not for state-machine rejections', async () => {
    const server = await h.start();
    const client = h.track(await RawClient.ready(server.url, server.token, 'backend'));
    for (let i = 0; i < 30; i += 1) {
      expect(await client.publish('t', 'r', 'tool_completed', { toolCallId: 'c', ok: true })).toMatchObject({ code: 'run_not_started' });
    }
    for (let i = 0; i < 20; i += 1) {
      expect(await client.request({ type: 'publish', threadId: 't', runId: 'r', event: 'bogus', payload: {} })).toMatchObject({ code: 'invalid_event' });
    }
    client.send({ type: 'publish', threadId: 't', runId: 'r', event: 'bogus', payload: {} });
    expect((await client.closed).code).toBe(4400);
  });

  it('closes with 4429 over the connection limit', async () => {
    const server = await h.start({ maxConnections: 1 });
    h.track(await RawClient.ready(server.url, server.token, 'ui'));
    const second = h.track(RawClient.connect(server.url));
    expect((await second.closed).code).toBe(4429);
  });

  it('serves /healthz and closes sockets with 1001 on close()', async () => {
    const server = await h.start();
    expect(await httpGet(`${server.httpUrl}/healthz`)).toEqual({ status: 200, body: '{"ok":true}' });
    const client = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    await server.close();
    expect((await client.closed).code).toBe(1001);
  });
});

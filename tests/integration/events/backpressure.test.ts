import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RawClient } from './raw-client.js';
import { useEventServer } from './server-fixture.js';
import { SUBPROTOCOL } from '../../../src/events/index.js';
import type { EventObservation } from '../../../src/events/index.js';

describe('liveness and backpressure', () => {
  const h = useEventServer();

  it('closes a stalled subscriber with 4008 while others keep receiving every event', async () => {
    const server = await h.start({ backpressure: { softBytes: 64 * 1024, softMs: 100, hardBytes: 256 * 1024, terminateAfterMs: 30_000 } });
    const closing: EventObservation[] = [];
    let onClosing!: () => void;
    const stalledClosing = new Promise<void>((resolve) => (onClosing = resolve));
    server.observe((o) => {
      if (o.kind === 'connection' && o.phase === 'closing') {
        closing.push(o);
        onClosing();
      }
    });
    const backend = h.track(await RawClient.ready(server.url, server.token, 'backend'));
    const healthy = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    const stalled = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    await healthy.request({ type: 'subscribe', threadId: 't1' });
    await stalled.request({ type: 'subscribe', threadId: 't1' });
    stalled.ws.pause(); // stops reading: the kernel buffers fill, then the server's queue grows

    const blob = 'b'.repeat(100 * 1024);
    await backend.publish('t1', 'r1', 'agent_started');
    let published = 1;
    let isClosing = false;
    void stalledClosing.then(() => (isClosing = true));
    // Enough data to fill loopback kernel buffers many times over; stops as soon as the server gives up.
    while (!isClosing && published < 2_000) {
      await backend.publish('t1', 'r1', 'x.blob', { blob });
      published += 1;
    }
    expect(closing).toHaveLength(1);
    expect(closing[0]).toMatchObject({ code: 4008 });
    // Ten more events after the stalled one is gone: the healthy one still gets everything.
    for (let i = 0; i < 10; i += 1) await backend.publish('t1', 'r1', 'x.blob', { blob });
    published += 10;
    const got = await healthy.waitEvents('t1', published, 20_000);
    expect(got.map((e) => e['seq'])).toEqual(Array.from({ length: published }, (_, i) => i + 1));
    stalled.ws.resume();
    expect((await stalled.closed).code).toBe(4008);
  });

  it('terminates a socket that does not answer heartbeat pings, keeps one that does', async () => {
    const server = await h.start({ heartbeatMs: 50 });
    const good = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    const mute = h.track(new RawClient(new WebSocket(server.url, [SUBPROTOCOL], { autoPong: false })));
    await mute.opened;
    mute.send({ type: 'hello', token: server.token, role: 'ui' });
    expect((await mute.closed).code).toBe(1006);
    expect(await good.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
    expect(good.ws.readyState).toBe(WebSocket.OPEN);
  });
});

import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RawClient } from './raw-client.js';
import { useEventServer } from './server-fixture.js';
import { expectOnlyStalledClosed, stalledSubscriber } from './stalled-subscriber.js';
import { SUBPROTOCOL } from '../../../src/events/index.js';

describe('liveness and backpressure', () => {
  const h = useEventServer();

  it('closes a stalled subscriber with 4008 while others keep receiving every event', async () => {
    const server = await h.start({ backpressure: { softBytes: 64 * 1024, softMs: 100, hardBytes: 256 * 1024, terminateAfterMs: 30_000 } });
    const scene = await stalledSubscriber(h, server);
    const blob = 'b'.repeat(100 * 1024);
    await scene.backend.publish('t1', 'r1', 'agent_started');
    let published = 1;
    // Enough data to fill loopback kernel buffers many times over; stops as soon as the server gives up.
    while (scene.closing.length === 0 && published < 2_000) {
      await scene.backend.publish('t1', 'r1', 'x.blob', { blob });
      published += 1;
    }
    // Ten more events after the stalled one is gone: the healthy one still gets everything.
    await expectOnlyStalledClosed(scene, published, 10, { blob });
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

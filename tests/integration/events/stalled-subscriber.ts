/**
 * The scene of the slow-consumer (4008) tests: a backend publishing on thread
 * t1, a healthy subscriber, and a subscriber that stopped reading.
 */
import { expect } from 'vitest';
import { RawClient } from './raw-client.js';
import type { Harness } from './server-fixture.js';
import type { EventObservation } from '../../../src/events/index.js';

type Server = Awaited<ReturnType<Harness['start']>>;

export interface StalledScene {
  backend: RawClient;
  healthy: RawClient;
  stalled: RawClient;
  /** The server's 'closing' observations so far: empty until it gives up on a socket. */
  closing: EventObservation[];
}

export async function stalledSubscriber(h: Harness, server: Server): Promise<StalledScene> {
  const closing: EventObservation[] = [];
  server.observe((o) => {
    if (o.kind === 'connection' && o.phase === 'closing') closing.push(o);
  });
  const backend = h.track(await RawClient.ready(server.url, server.token, 'backend'));
  const healthy = h.track(await RawClient.ready(server.url, server.token, 'ui'));
  const stalled = h.track(await RawClient.ready(server.url, server.token, 'ui'));
  await healthy.request({ type: 'subscribe', threadId: 't1' });
  expect(await stalled.request({ type: 'subscribe', threadId: 't1' })).toMatchObject({ type: 'ack' });
  stalled.ws.pause(); // stops reading: the kernel buffers fill, then the server's queue grows
  return { backend, healthy, stalled, closing };
}

/**
 * Once the server gave up: only the stalled socket was closed, with 4008; the healthy one still gets
 * every event, `published` so far and `more` published after, in order; the stalled one, reading
 * again, sees the 4008 close.
 */
export async function expectOnlyStalledClosed(scene: StalledScene, published: number, more: number, payload: unknown): Promise<void> {
  expect(scene.closing).toHaveLength(1);
  expect(scene.closing[0]).toMatchObject({ code: 4008 });
  for (let i = 0; i < more; i += 1) await scene.backend.publish('t1', 'r1', 'x.blob', payload);
  const total = published + more;
  const got = await scene.healthy.waitEvents('t1', total, 20_000);
  expect(got.map((e) => e['seq'])).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  scene.stalled.ws.resume();
  expect((await scene.stalled.closed).code).toBe(4008);
}

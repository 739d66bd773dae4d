/**
 * The write fast path: events are framed once and each socket gets one write
 * per tick (joined frames, shared between sockets that queued the same ones).
 * These tests send bursts in one TCP segment so that many frames really share
 * a tick, and check what that could break: order against control frames on
 * the same socket, run filters, mid-stream subscribes, backpressure.
 */
import { describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { RawClient } from './raw-client.js';
import type { Frame } from './raw-client.js';
import { useEventServer } from './server-fixture.js';
import { expectOnlyStalledClosed, stalledSubscriber } from './stalled-subscriber.js';
import type { EventObservation } from '../../../src/events/index.js';
import { MAX_JOINED_BYTES } from '../../../src/events/connection.js';

/** Sends the frames in one write, so the server parses them all in one tick. */
function burst(client: RawClient, frames: Record<string, unknown>[]): void {
  const socket = (client.ws as unknown as { _socket: Socket })._socket;
  socket.cork();
  for (const frame of frames) client.send(frame);
  socket.uncork();
}

const publish = (id: string, runId: string, event: string, payload: Record<string, unknown> = {}) =>
  ({ type: 'publish', id, threadId: 't1', runId, event, payload });

/** What a client saw after its subscription, reduced to comparable tokens. */
function tokens(frames: Frame[]): string[] {
  return frames.map((f) => {
    if (f.type === 'event') return `event ${String(f['runId'])}#${String(f['seq'])}/${String(f['runSeq'])}${f['replay'] ? ' replay' : ''}`;
    return `${f.type} ${String(f['id'])}`;
  });
}

describe('coalesced writes', () => {
  const h = useEventServer();

  async function startWithDeliveries(options = {}) {
    const server = await h.start(options);
    const deliveries: Extract<EventObservation, { kind: 'delivery' }>[] = [];
    server.observe((o) => {
      if (o.kind === 'delivery') deliveries.push(o);
    });
    return { server, deliveries };
  }

  // Small frames are joined into one buffer per tick; a tick over MAX_JOINED_BYTES is written frame by frame.
  it.each([
    ['joined', 10],
    ['written one by one', MAX_JOINED_BYTES / 2],
  ])('keeps events, acks, errors and pongs of one socket in the order they were produced (%s)', async (_path, padBytes) => {
    const pad = 'p'.repeat(padBytes);
    const { server, deliveries } = await startWithDeliveries();
    const backend = h.track(await RawClient.ready(server.url, server.token, 'backend'));
    const ui = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    await backend.request({ type: 'subscribe', threadId: 't1' });
    await ui.request({ type: 'subscribe', threadId: 't1' });
    const from = backend.frames.length;
    burst(backend, [
      publish('p0', 'r1', 'agent_started', { message: pad }),
      publish('p1', 'r1', 'x.tick', { pad }),
      { type: 'ping', id: 'g1' },
      publish('p2', 'r1', 'x.tick', { pad }),
      publish('p3', 'r1', 'agent_started'), // rejected: run_already_started
      publish('p4', 'r1', 'agent_completed', { result: pad }),
      { type: 'ping', id: 'g2' },
    ]);
    await backend.next((f) => f.id === 'g2');
    expect(tokens(backend.frames.slice(from))).toEqual([
      'event r1#1/1', 'ack p0',
      'event r1#2/2', 'ack p1',
      'pong g1',
      'event r1#3/3', 'ack p2',
      'error p3',
      'event r1#4/4', 'ack p4',
      'pong g2',
    ]);
    expect(tokens(await ui.waitEvents('t1', 4))).toEqual(['event r1#1/1', 'event r1#2/2', 'event r1#3/3', 'event r1#4/4']);
    // The burst really was written as several frames in one tick on at least one socket.
    expect(deliveries.some((d) => d.frames > d.connections)).toBe(true);
  });

  it('writes acks with their exact bytes: id, seq, runSeq, and duplicate only on a duplicate', async () => {
    const { server } = await startWithDeliveries();
    const backend = h.track(await RawClient.ready(server.url, server.token, 'backend'));
    const texts: string[] = [];
    backend.ws.on('message', (data: Buffer) => texts.push(data.toString()));
    burst(backend, [
      { ...publish('a1', 'r1', 'agent_started'), eventId: 'e1' },
      { ...publish('a2', 'r1', 'agent_started'), eventId: 'e1' },
      { type: 'publish', threadId: 't1', runId: 'r1', event: 'x.tick', payload: {} },
      { type: 'ping', id: 'end' },
    ]);
    await backend.next((f) => f.id === 'end');
    expect(texts).toEqual([
      '{"type":"ack","id":"a1","seq":1,"runSeq":1}',
      '{"type":"ack","id":"a2","seq":1,"runSeq":1,"duplicate":true}',
      '{"type":"ack","seq":2,"runSeq":2}',
      '{"type":"pong","id":"end"}',
    ]);
  });

  it('writes frames queued in the tick that trips the error limit before the 4400 close frame', async () => {
    const { server } = await startWithDeliveries();
    const backend = h.track(await RawClient.ready(server.url, server.token, 'backend'));
    await backend.request({ type: 'subscribe', threadId: 't1' });
    const from = backend.frames.length;
    const bad = Array.from({ length: 21 }, (_, i) => ({ type: 'publish', id: `b${i}`, threadId: 't1', runId: 'r1', event: 'bogus', payload: {} }));
    burst(backend, [publish('p0', 'r1', 'agent_started'), ...bad, publish('late', 'r1', 'x.tick')]);
    expect((await backend.closed).code).toBe(4400);
    expect(tokens(backend.frames.slice(from))).toEqual(['event r1#1/1', 'ack p0', ...bad.map((b) => `error ${b.id}`)]);
  });

  it('gives subscribers with and without a run filter exactly their events when a tick mixes runs', async () => {
    const { server, deliveries } = await startWithDeliveries();
    const backend = h.track(await RawClient.ready(server.url, server.token, 'backend'));
    const all1 = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    const onlyR1 = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    const all2 = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    const everything = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    await all1.request({ type: 'subscribe', threadId: 't1' });
    await onlyR1.request({ type: 'subscribe', threadId: 't1', runId: 'r1' });
    await all2.request({ type: 'subscribe', threadId: 't1' });
    await everything.request({ type: 'subscribe', threadId: '*' });
    const frames = [publish('a', 'r1', 'agent_started'), publish('b', 'r2', 'agent_started')];
    for (let i = 0; i < 20; i += 1) frames.push(publish(`r1-${i}`, 'r1', 'x.tick', { i }), publish(`r2-${i}`, 'r2', 'x.tick', { i }));
    burst(backend, frames);
    const expectedAll = Array.from({ length: 42 }, (_, i) => `event r${(i % 2) + 1}#${i + 1}/${Math.floor(i / 2) + 1}`);
    expect(tokens(await all1.waitEvents('t1', 42))).toEqual(expectedAll);
    expect(tokens(await all2.waitEvents('t1', 42))).toEqual(expectedAll);
    expect(tokens(await everything.waitEvents('t1', 42))).toEqual(expectedAll);
    await onlyR1.request({ type: 'ping' }); // everything sent before the pong has arrived
    expect(tokens(onlyR1.events('t1'))).toEqual(expectedAll.filter((t) => t.startsWith('event r1#')));
    expect(deliveries.some((d) => d.frames > d.connections)).toBe(true);
  });

  it('stitches a subscriber that joins between bursts: snapshot or replay, then live, no gap, no duplicate', async () => {
    const { server } = await startWithDeliveries();
    const backend = h.track(await RawClient.ready(server.url, server.token, 'backend'));
    const early = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    await early.request({ type: 'subscribe', threadId: 't1' });
    const tick = (i: number) => publish(`e${i}`, 'r1', i === 0 ? 'agent_started' : 'x.tick', { i });
    burst(backend, Array.from({ length: 20 }, (_, i) => tick(i)));
    const fresh = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    const resumed = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    // Subscribes race the second burst on purpose: wherever they land, the stitching must hold.
    fresh.send({ type: 'subscribe', id: 'sf', threadId: 't1' });
    resumed.send({ type: 'subscribe', id: 'sr', threadId: 't1', since: 5, epoch: server.epoch });
    burst(backend, Array.from({ length: 20 }, (_, i) => tick(20 + i)));
    await early.waitEvents('t1', 40);

    const freshAck = await fresh.next((f) => f.id === 'sf');
    const head = freshAck['headSeq'] as number;
    await fresh.waitEvents('t1', 40 - head);
    const snapshot = fresh.frames.find((f) => f.type === 'snapshot');
    expect(snapshot).toMatchObject({ headSeq: head });
    expect(fresh.frames.indexOf(snapshot!)).toBeLessThan(fresh.frames.findIndex((f) => f.type === 'event'));
    expect(fresh.events('t1').map((e) => e['seq'])).toEqual(Array.from({ length: 40 - head }, (_, i) => head + 1 + i));
    expect(fresh.events('t1').every((e) => e['replay'] === false)).toBe(true);

    const resumedAck = await resumed.next((f) => f.id === 'sr');
    expect(resumedAck).toMatchObject({ recovered: true });
    const resumedHead = resumedAck['headSeq'] as number;
    const got = await resumed.waitEvents('t1', 35);
    expect(got.map((e) => e['seq'])).toEqual(Array.from({ length: 35 }, (_, i) => 6 + i));
    expect(got.map((e) => e['replay'])).toEqual(got.map((e) => (e['seq'] as number) <= resumedHead));
    await resumed.request({ type: 'ping' });
    expect(resumed.events('t1')).toHaveLength(35);
  });

  it.each([
    ['joined and shared with a healthy one', 8, 4 * 1024],
    ['too large to join', 4, 50 * 1024],
  ])('still closes a stalled subscriber with 4008 when its frames are %s', async (_path, perBurst, blobBytes) => {
    const { server, deliveries } = await startWithDeliveries({
      backpressure: { softBytes: 64 * 1024, softMs: 100, hardBytes: 4 * 1024 * 1024, terminateAfterMs: 30_000 },
    });
    const scene = await stalledSubscriber(h, server);
    await scene.backend.publish('t1', 'r1', 'agent_started');
    let published = 1;
    const blob = 'b'.repeat(blobBytes);
    // Bursts of events written in one tick, each waited for by the healthy reader, until the server
    // gives up on the stalled one.
    for (let round = 0; scene.closing.length === 0 && round < 10_000; round += 1) {
      burst(scene.backend, Array.from({ length: perBurst }, (_, i) => publish(`b${round}-${i}`, 'r1', 'x.blob', { blob })));
      published += perBurst;
      await scene.healthy.waitEvents('t1', published, 20_000);
    }
    expect(deliveries.some((d) => d.frames >= 2 * d.connections)).toBe(true);
    await expectOnlyStalledClosed(scene, published, 5, { blob });
  });
});

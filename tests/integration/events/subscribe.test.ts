import { describe, expect, it } from 'vitest';
import { RawClient } from './raw-client.js';
import { useEventServer } from './server-fixture.js';
import { connectEvents } from '../../../src/events/client/index.js';
import type { EventEnvelope } from '../../../src/events/client/index.js';
import { checkRunInvariants } from '../../../src/events/index.js';

describe('subscribe, snapshot and resume', () => {
  const h = useEventServer();

  async function runWithEvents(options = {}, count = 10) {
    const server = await h.start(options);
    const backend = h.track(await RawClient.ready(server.url, server.token, 'backend'));
    await backend.publish('t1', 'r1', 'agent_started');
    for (let i = 2; i <= count; i += 1) await backend.publish('t1', 'r1', 'x.tick', { i });
    return { server, backend };
  }

  it('without since: ack with headSeq, a snapshot, then only live events', async () => {
    const { server, backend } = await runWithEvents({}, 3);
    await backend.publish('t1', 'r1', 'tool_executing', { toolCallId: 'c1', toolName: 'a' });
    const ui = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    const ack = await ui.request({ type: 'subscribe', threadId: 't1' });
    expect(ack).toMatchObject({ type: 'ack', headSeq: 4 });
    expect(ack['recovered']).toBeUndefined();
    expect(await ui.next((f) => f.type === 'snapshot')).toEqual({
      type: 'snapshot',
      threadId: 't1',
      headSeq: 4,
      runs: [{ runId: 'r1', status: 'open', lastSeq: 4, openToolCalls: ['c1'] }],
    });
    await backend.publish('t1', 'r1', 'x.tick', { i: 5 });
    const [live] = await ui.waitEvents('t1', 1);
    expect(live).toMatchObject({ seq: 5, replay: false });
    await ui.request({ type: 'ping' });
    expect(ui.events('t1')).toHaveLength(1);
  });

  it('with since in the buffer: recovered, replayed N+1…head, then live, no gap', async () => {
    const { server, backend } = await runWithEvents();
    const ui = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    expect(await ui.request({ type: 'subscribe', threadId: 't1', since: 7, epoch: server.epoch })).toMatchObject({ recovered: true, headSeq: 10 });
    await backend.publish('t1', 'r1', 'agent_completed');
    const got = await ui.waitEvents('t1', 4);
    expect(got.map((e) => [e['seq'], e['replay']])).toEqual([[8, true], [9, true], [10, true], [11, false]]);
    expect(ui.frames.some((f) => f.type === 'snapshot')).toBe(false);
  });

  it('since=0 replays everything retained while seq 1 is retained', async () => {
    const { server } = await runWithEvents({}, 4);
    const ui = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    expect(await ui.request({ type: 'subscribe', threadId: 't1', since: 0 })).toMatchObject({ recovered: true });
    expect((await ui.waitEvents('t1', 4)).map((e) => e['seq'])).toEqual([1, 2, 3, 4]);
  });

  it('since too old: recovered:false reason too_old, a snapshot, then what is retained', async () => {
    const { server } = await runWithEvents({ replay: { maxEvents: 5 } });
    const ui = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    expect(await ui.request({ type: 'subscribe', threadId: 't1', since: 2 })).toMatchObject({ recovered: false, reason: 'too_old' });
    expect(await ui.next((f) => f.type === 'snapshot')).toMatchObject({ headSeq: 10 });
    expect((await ui.waitEvents('t1', 5)).map((e) => [e['seq'], e['replay']])).toEqual([
      [6, true], [7, true], [8, true], [9, true], [10, true],
    ]);
    const zero = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    expect(await zero.request({ type: 'subscribe', threadId: 't1', since: 0 })).toMatchObject({ recovered: false, reason: 'too_old' });
  });

  it('another epoch: recovered:false reason epoch_changed, a snapshot, then what is retained', async () => {
    const { server } = await runWithEvents({}, 3);
    const ui = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    expect(await ui.request({ type: 'subscribe', threadId: 't1', since: 2, epoch: 'old0' })).toMatchObject({ recovered: false, reason: 'epoch_changed', epoch: server.epoch });
    await ui.next((f) => f.type === 'snapshot');
    expect((await ui.waitEvents('t1', 3)).map((e) => e['seq'])).toEqual([1, 2, 3]);
  });

  it('a runId filter delivers only that run, with gap-free runSeq', async () => {
    const server = await h.start();
    const backend = h.track(await RawClient.ready(server.url, server.token, 'backend'));
    const ui = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    await ui.request({ type: 'subscribe', threadId: 't1', runId: 'b' });
    for (const run of ['a', 'b']) await backend.publish('t1', run, 'agent_started');
    for (const run of ['a', 'b', 'a', 'b']) await backend.publish('t1', run, 'agent_thinking', { text: run });
    for (const run of ['a', 'b']) await backend.publish('t1', run, 'agent_completed');
    const got = await ui.waitEvents('t1', 4);
    expect(got.map((e) => [e['runId'], e['runSeq']])).toEqual([['b', 1], ['b', 2], ['b', 3], ['b', 4]]);
    expect(checkRunInvariants(got as never, { runFiltered: true })).toEqual([]);
    await ui.request({ type: 'ping' });
    expect(ui.events('t1')).toHaveLength(4);
  });

  it('the client resumes with since across a reconnect while events keep flowing: no gap, no duplicate', async () => {
    const server = await h.start();
    const backend = h.track(await RawClient.ready(server.url, server.token, 'backend'));
    const client = await connectEvents({ url: server.url, token: server.token, role: 'ui', backoff: { initialMs: 5, maxMs: 20 } });
    const seen: EventEnvelope[] = [];
    const reconnected: number[] = [];
    let done!: () => void;
    const allSeen = new Promise<void>((resolve) => (done = resolve));
    const total = 150;
    client.subscribe('t1', {
      onEvent: (e) => {
        seen.push(e);
        if (e.seq === total) done();
      },
    });
    (client as unknown as { options: { onConnectionChange?: (c: { state: string }) => void } }).options.onConnectionChange = (c) => {
      if (c.state === 'open') reconnected.push(seen.length);
    };
    await client.ping();
    await backend.publish('t1', 'r1', 'agent_started');
    for (let i = 2; i <= total; i += 1) {
      if (i === 40 || i === 100) {
        // Cut the socket under the client (1006): it must reconnect and resume.
        (client as unknown as { ws: { terminate(): void } }).ws.terminate();
      }
      await backend.publish('t1', 'r1', 'x.tick', { i });
    }
    await allSeen;
    expect(reconnected.length).toBe(2);
    expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(seen.some((e) => e.replay)).toBe(true);
    await client.close();
  });

  it('the client resumes across a server restart on the same port: epoch_changed, replay of what the new server has', async () => {
    const first = await h.start();
    const backend = h.track(await RawClient.ready(first.url, first.token, 'backend'));
    await backend.publish('t1', 'r1', 'agent_started');
    const client = await connectEvents({ url: first.url, token: first.token, role: 'ui', backoff: { initialMs: 5, maxMs: 50 } });
    const seen: EventEnvelope[] = [];
    const acks: { recovered?: boolean; reason?: string }[] = [];
    let gotSecond!: () => void;
    const second2 = new Promise<void>((resolve) => (gotSecond = resolve));
    const onEvent = (e: EventEnvelope): void => {
      seen.push(e);
      if (seen.length === 2) gotSecond();
    };
    const sub = client.subscribe('t1', { since: 0, onEvent, onAck: (a) => acks.push(a) });
    await sub.ready;
    await first.close();
    const second = await h.start({ port: first.port, token: first.token });
    const backend2 = h.track(await RawClient.ready(second.url, first.token, 'backend'));
    await backend2.publish('t1', 'r9', 'agent_started');
    await second2;
    expect(acks.at(-1)).toMatchObject({ recovered: false, reason: 'epoch_changed' });
    expect(seen.map((e) => [e.epoch, e.seq, e.runId])).toEqual([[first.epoch, 1, 'r1'], [second.epoch, 1, 'r9']]);
    await client.close();
  });

  it('bounds the subscriptions one socket can hold', async () => {
    const server = await h.start();
    const ui = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    for (let i = 0; i < 1024; i += 1) ui.send({ type: 'subscribe', threadId: `t${i}` });
    expect(await ui.request({ type: 'subscribe', threadId: 'one-too-many' })).toMatchObject({ type: 'error', code: 'rate_limited' });
    expect(await ui.request({ type: 'subscribe', threadId: 't5' })).toMatchObject({ type: 'ack', threadId: 't5' });
  });
});

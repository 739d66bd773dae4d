import { describe, expect, it } from 'vitest';
import { useEventServer } from './server-fixture.js';
import { RawClient } from './raw-client.js';
import { connectEvents, EventsClientError } from '../../../src/events/client/index.js';

describe('events client', () => {
  const h = useEventServer();

  it('publishes with acks, rejects with the server code, and marks retried eventIds as duplicates', async () => {
    const server = await h.start();
    const client = await connectEvents({ url: server.url, token: server.token, role: 'backend' });
    expect(await client.publish('t1', 'r1', 'agent_started', {}, 'e1')).toEqual({ seq: 1, runSeq: 1, duplicate: false });
    expect(await client.publish('t1', 'r1', 'agent_started', {}, 'e1')).toEqual({ seq: 1, runSeq: 1, duplicate: true });
    const error = await client.publish('t1', 'r1', 'agent_started').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventsClientError);
    expect(error).toMatchObject({ code: 'run_already_started' });
    await client.close();
    await expect(client.publish('t1', 'r1', 'agent_completed')).rejects.toMatchObject({ code: 'closed' });
  });

  it('does not reconnect after 4401: connecting with a wrong token fails', async () => {
    const server = await h.start();
    await expect(connectEvents({ url: server.url, token: 'wrong', role: 'ui' })).rejects.toMatchObject({ code: 'connect_failed', closeCode: 4401 });
  });

  it('re-sends an unacknowledged publish after a reconnect, accepted once', async () => {
    const server = await h.start();
    const ui = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    await ui.request({ type: 'subscribe', threadId: 't1' });
    const client = await connectEvents({ url: server.url, token: server.token, role: 'backend', backoff: { initialMs: 5, maxMs: 10 } });
    await client.publish('t1', 'r1', 'agent_started');
    // Cut the socket and publish at once: the frame is lost or in flight, the client must retry it.
    (client as unknown as { ws: { terminate(): void } }).ws.terminate();
    const ack = await client.publish('t1', 'r1', 'agent_completed', {}, 'done-1');
    expect(ack.seq).toBe(2);
    await ui.waitEvents('t1', 2);
    await ui.request({ type: 'ping' });
    expect(ui.events('t1').map((e) => e['event'])).toEqual(['agent_started', 'agent_completed']);
    await client.close();
  });

  it('pings after idle and gets a pong', async () => {
    const server = await h.start();
    let pongs = 0;
    const client = await connectEvents({ url: server.url, token: server.token, role: 'ui', idlePingMs: 20 });
    const frames = client as unknown as { onFrame(text: string): void };
    const original = frames.onFrame.bind(client);
    await new Promise<void>((resolve) => {
      frames.onFrame = (text: string) => {
        original(text);
        if (text.includes('"pong"') && ++pongs === 2) resolve();
      };
    });
    expect(pongs).toBe(2);
    await client.close();
  });
});

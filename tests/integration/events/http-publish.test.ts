import { describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { RawClient } from './raw-client.js';
import { useEventServer } from './server-fixture.js';
import { publishHttp } from '../../../src/events/client/index.js';

function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('HTTP publish', () => {
  const h = useEventServer();

  it('applies one event or an array in order, stopping at the first rejection, and broadcasts them', async () => {
    const server = await h.start();
    const ui = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    await ui.request({ type: 'subscribe', threadId: 't 1' });
    const one = await publishHttp({ url: server.url, token: server.token, threadId: 't 1', runId: 'r1', events: { event: 'agent_started' } });
    expect(one).toEqual([{ seq: 1, runSeq: 1 }]);
    const batch = await publishHttp({
      url: server.httpUrl,
      token: server.token,
      threadId: 't 1',
      runId: 'r1',
      events: [
        { event: 'agent_thinking', payload: { text: 'a' }, eventId: 'e1' },
        { event: 'agent_completed', payload: {}, eventId: 'e2' },
        { event: 'agent_thinking', payload: { text: 'late' } },
        { event: 'agent_thinking', payload: { text: 'never applied' } },
      ],
    });
    expect(batch).toEqual([
      { seq: 2, runSeq: 2 },
      { seq: 3, runSeq: 3 },
      { error: { code: 'run_finished', message: expect.any(String) } },
    ]);
    const retry = await publishHttp({ url: server.url, token: server.token, threadId: 't 1', runId: 'r1', events: { event: 'agent_completed', eventId: 'e2' } });
    expect(retry).toEqual([{ seq: 3, runSeq: 3, duplicate: true }]);
    expect((await ui.waitEvents('t 1', 3)).map((e) => e['event'])).toEqual(['agent_started', 'agent_thinking', 'agent_completed']);
  });

  it('fails whole requests with 401, 400, 413 and 403', async () => {
    const server = await h.start();
    const url = `${server.httpUrl}/v1/threads/t1/runs/r1/events`;
    const auth = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
    const good = JSON.stringify({ event: 'agent_started' });
    expect(await post(url, good, {})).toMatchObject({ status: 401, json: { error: { code: 'unauthorized' } } });
    expect(await post(url, good, { authorization: 'Bearer nope' })).toMatchObject({ status: 401 });
    expect(await post(url, '{oops', auth)).toMatchObject({ status: 400, json: { error: { code: 'bad_request' } } });
    expect(await post(url, JSON.stringify([{ event: 'agent_started' }, { payload: {} }]), auth)).toMatchObject({ status: 400 });
    expect(await post(url, JSON.stringify({ event: 'agent_started', payload: { m: 'x'.repeat(1024 * 1024) } }), auth)).toMatchObject({ status: 413 });
    expect(await post(url, good, { ...auth, origin: 'https://evil.example' })).toMatchObject({ status: 403 });
    expect(await post(url, good, { ...auth, host: 'evil.example' })).toMatchObject({ status: 403 });
    // Nothing of the failed requests was applied: the run has not started.
    expect(await post(url, JSON.stringify({ event: 'agent_thinking', payload: { text: 'x' } }), auth)).toMatchObject({
      status: 200,
      json: { results: [{ error: { code: 'run_not_started' } }] },
    });
  });
});

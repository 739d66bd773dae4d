import { describe, expect, it } from 'vitest';
import { RawClient } from './raw-client.js';
import type { Frame } from './raw-client.js';
import { useEventServer } from './server-fixture.js';
import { checkRunInvariants } from '../../../src/events/index.js';
import type { CheckedEvent } from '../../../src/events/index.js';

const events = (frames: Frame[]): CheckedEvent[] => frames as unknown as CheckedEvent[];

describe('per-run state machine (EVENTS.md rules 1–8) over real sockets', () => {
  const h = useEventServer();

  async function setup(options = {}) {
    const server = await h.start(options);
    const backend = h.track(await RawClient.ready(server.url, server.token, 'backend'));
    const ui = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    await ui.request({ type: 'subscribe', threadId: 't1' });
    return { server, backend, ui };
  }

  it('delivers a full run in order, passing I1–I5', async () => {
    const { backend, ui } = await setup();
    const acks = [
      await backend.publish('t1', 'r1', 'agent_started', { agentName: 'demo' }),
      await backend.publish('t1', 'r1', 'agent_thinking', { text: 'hmm', progress: 0.5 }),
      await backend.publish('t1', 'r1', 'tool_executing', { toolCallId: 'c1', toolName: 'lookup' }),
      await backend.publish('t1', 'r1', 'x.progress', { pct: 10 }),
      await backend.publish('t1', 'r1', 'tool_completed', { toolCallId: 'c1', ok: true, result: 3 }),
      await backend.publish('t1', 'r1', 'agent_completed', { result: 'done' }),
    ];
    expect(acks.map((a) => [a['seq'], a['runSeq']])).toEqual([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 6]]);
    const got = await ui.waitEvents('t1', 6);
    expect(got.map((e) => e['event'])).toEqual([
      'agent_started', 'agent_thinking', 'tool_executing', 'x.progress', 'tool_completed', 'agent_completed',
    ]);
    expect(got.every((e) => e['replay'] === false && e['synthetic'] === false)).toBe(true);
    expect(checkRunInvariants(events(got))).toEqual([]);
  });

  it('rule 1: run_not_started, except a first agent_error which gets a synthetic agent_started', async () => {
    const { backend, ui } = await setup();
    expect(await backend.publish('t1', 'r1', 'agent_thinking', { text: 'x' })).toMatchObject({ type: 'error', code: 'run_not_started' });
    expect(await backend.publish('t1', 'r2', 'agent_error', { code: 'boom', message: 'failed' })).toMatchObject({ seq: 2, runSeq: 2 });
    const got = await ui.waitEvents('t1', 2);
    expect(got.map((e) => [e['event'], e['synthetic'], e['runSeq']])).toEqual([
      ['agent_started', true, 1],
      ['agent_error', false, 2],
    ]);
    expect(checkRunInvariants(events(got))).toEqual([]);
  });

  it('rule 2: run_already_started, then run_finished after a terminal', async () => {
    const { backend } = await setup();
    await backend.publish('t1', 'r1', 'agent_started');
    expect(await backend.publish('t1', 'r1', 'agent_started')).toMatchObject({ code: 'run_already_started' });
    await backend.publish('t1', 'r1', 'agent_completed');
    expect(await backend.publish('t1', 'r1', 'agent_thinking', { text: 'late' })).toMatchObject({ code: 'run_finished' });
    expect(await backend.publish('t1', 'r1', 'agent_started')).toMatchObject({ code: 'run_finished' });
  });

  it('rules 3 and 4: duplicate_tool_call, unknown_tool_call, tool_calls_open', async () => {
    const { backend } = await setup();
    await backend.publish('t1', 'r1', 'agent_started');
    await backend.publish('t1', 'r1', 'tool_executing', { toolCallId: 'c1', toolName: 'a' });
    expect(await backend.publish('t1', 'r1', 'tool_executing', { toolCallId: 'c1', toolName: 'a' })).toMatchObject({ code: 'duplicate_tool_call' });
    expect(await backend.publish('t1', 'r1', 'tool_completed', { toolCallId: 'c9', ok: true })).toMatchObject({ code: 'unknown_tool_call' });
    expect(await backend.publish('t1', 'r1', 'agent_completed')).toMatchObject({ code: 'tool_calls_open' });
    await backend.publish('t1', 'r1', 'tool_completed', { toolCallId: 'c1', ok: true });
    expect(await backend.publish('t1', 'r1', 'tool_completed', { toolCallId: 'c1', ok: true })).toMatchObject({ code: 'unknown_tool_call' });
    expect(await backend.publish('t1', 'r1', 'tool_executing', { toolCallId: 'c1', toolName: 'a' })).toMatchObject({ code: 'duplicate_tool_call' });
  });

  it('rule 5: agent_error with open tool calls closes them synthetically first', async () => {
    const { backend, ui } = await setup();
    await backend.publish('t1', 'r1', 'agent_started');
    await backend.publish('t1', 'r1', 'tool_executing', { toolCallId: 'c1', toolName: 'a' });
    await backend.publish('t1', 'r1', 'tool_executing', { toolCallId: 'c2', toolName: 'b' });
    expect(await backend.publish('t1', 'r1', 'agent_error', { code: 'x', message: 'y' })).toMatchObject({ seq: 6, runSeq: 6 });
    const got = await ui.waitEvents('t1', 6);
    expect(got.slice(3).map((e) => [e['event'], e['synthetic'], (e['payload'] as { toolCallId?: string }).toolCallId])).toEqual([
      ['tool_completed', true, 'c1'],
      ['tool_completed', true, 'c2'],
      ['agent_error', false, undefined],
    ]);
    expect(got[3]!['payload']).toMatchObject({ ok: false, error: { code: 'run_ended' } });
    expect(checkRunInvariants(events(got))).toEqual([]);
  });

  it('rule 6 / I7: a silent run times out and a lost publisher ends its run, synthetically', async () => {
    const { server, backend, ui } = await setup({ runTimeoutMs: 150, publisherLostMs: 100 });
    await backend.publish('t1', 'quiet', 'agent_started');
    await backend.publish('t1', 'quiet', 'tool_executing', { toolCallId: 'c1', toolName: 'a' });
    const timeout = await ui.next((f) => f.type === 'event' && f['runId'] === 'quiet' && f['event'] === 'agent_error');
    expect(timeout).toMatchObject({ synthetic: true, payload: { code: 'run_timeout' } });
    expect(ui.events('t1').filter((e) => e['runId'] === 'quiet').map((e) => e['event'])).toEqual([
      'agent_started', 'tool_executing', 'tool_completed', 'agent_error',
    ]);

    const dying = h.track(await RawClient.ready(server.url, server.token, 'backend'));
    await dying.publish('t1', 'dies', 'agent_started');
    await dying.close();
    const lost = await ui.next((f) => f.type === 'event' && f['runId'] === 'dies' && f['event'] === 'agent_error');
    expect(lost).toMatchObject({ synthetic: true, payload: { code: 'publisher_lost' } });
    expect(checkRunInvariants(events(ui.events('t1')))).toEqual([]);
  });

  it('rule 7: the same (runId, eventId) is acked as a duplicate, also after the run ended, never broadcast twice', async () => {
    const { backend, ui } = await setup();
    expect(await backend.publish('t1', 'r1', 'agent_started', {}, 'e1')).toMatchObject({ seq: 1, runSeq: 1 });
    expect(await backend.publish('t1', 'r1', 'agent_started', {}, 'e1')).toMatchObject({ seq: 1, runSeq: 1, duplicate: true });
    expect(await backend.publish('t1', 'r1', 'agent_completed', {}, 'e2')).toMatchObject({ seq: 2 });
    expect(await backend.publish('t1', 'r1', 'agent_completed', {}, 'e2')).toMatchObject({ seq: 2, runSeq: 2, duplicate: true });
    await backend.publish('t1', 'r2', 'agent_started');
    await ui.waitEvents('t1', 3);
    expect(ui.events('t1').map((e) => e['seq'])).toEqual([1, 2, 3]);
  });

  it('rule 8 / I8: invalid events, forbidden publishes and oversized payloads get their codes', async () => {
    const { server, backend } = await setup();
    expect(await backend.publish('t1', 'r1', 'agent_dreaming')).toMatchObject({ code: 'invalid_event' });
    expect(await backend.publish('t1', 'r1', 'agent_thinking', { progress: 2 })).toMatchObject({ code: 'invalid_event' });
    expect(await backend.publish('t1', 'r1', 'tool_completed', { toolCallId: 'c' })).toMatchObject({ code: 'invalid_event' });
    expect(await backend.publish('t1', 'r1', 'agent_started', 'text')).toMatchObject({ code: 'invalid_event' });
    expect(await backend.publish('t1', 'r1', 'agent_started', { message: 'x'.repeat(300 * 1024) })).toMatchObject({ code: 'payload_too_large' });
    expect(await backend.publish('_netra', 'r1', 'agent_started')).toMatchObject({ code: 'forbidden' });
    const ui = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    expect(await ui.publish('t1', 'r1', 'agent_started')).toMatchObject({ code: 'forbidden' });
  });

  it('I6: rejected publishes never reach subscribers', async () => {
    const { backend, ui } = await setup();
    await backend.publish('t1', 'r1', 'agent_thinking', { text: 'no' });
    await backend.publish('t1', 'r1', 'agent_started');
    await backend.publish('t1', 'r1', 'agent_started');
    await backend.publish('t1', 'r1', 'bogus');
    await backend.publish('t1', 'r1', 'agent_completed');
    await ui.waitEvents('t1', 2);
    // A ping round trip after the last publish: anything broadcast before it has arrived.
    await ui.request({ type: 'ping' });
    expect(ui.events('t1').map((e) => e['event'])).toEqual(['agent_started', 'agent_completed']);
  });

  it('redacts secrets at any depth before storing, live and replayed alike', async () => {
    const { server, backend, ui } = await setup();
    await backend.publish('t1', 'r1', 'agent_started', { message: 'hi' });
    await backend.publish('t1', 'r1', 'tool_executing', {
      toolCallId: 'c1',
      toolName: 'http',
      args: { apiToken: 'abc', nested: [{ password: 'p', keep: 1 }], Authorization: 'Bearer x' },
    });
    const expected = { apiToken: '[REDACTED]', nested: [{ password: '[REDACTED]', keep: 1 }], Authorization: '[REDACTED]' };
    const [, live] = await ui.waitEvents('t1', 2);
    expect((live!['payload'] as { args: unknown }).args).toEqual(expected);
    const late = h.track(await RawClient.ready(server.url, server.token, 'ui'));
    await late.request({ type: 'subscribe', threadId: 't1', since: 0 });
    const [, replayed] = await late.waitEvents('t1', 2);
    expect(replayed).toMatchObject({ replay: true, payload: { args: expected } });
  });

  it('reports accepted, synthetic and rejected events to observers', async () => {
    const { server, backend } = await setup();
    const seen: string[] = [];
    server.observe((o) => {
      if (o.kind === 'event') seen.push(`${o.event}${o.synthetic ? '*' : ''}`);
      if (o.kind === 'rejected') seen.push(`!${o.code}`);
    });
    await backend.publish('t1', 'r1', 'agent_thinking', { text: 'x' });
    await backend.publish('t1', 'r1', 'agent_error', { code: 'c', message: 'm' });
    server.publishSystem('_netra', 'x.alert', { rule: 'run-stuck' });
    expect(seen).toEqual(['!run_not_started', 'agent_started*', 'agent_error', 'x.alert*']);
  });
});

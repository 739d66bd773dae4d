import { describe, expect, it } from 'vitest';
import type { EventObservation } from '../../../src/events/index.js';
import { harness } from './manager-harness.js';

let seq = 0;
function event(threadId: string, runId: string, name: string, payload: Record<string, unknown> = {}, synthetic = false): EventObservation {
  seq += 1;
  return { kind: 'event', threadId, runId, seq, runSeq: seq, event: name, synthetic, ts: 0, payload, subscribers: 0 };
}

describe('chat rules', () => {
  it('run-stuck: a run with no progress past the threshold is one alert; progress resolves it', async () => {
    const { manager, clock, lines, records } = harness({ cooldownMs: 0, 'run-stuck': { thresholdMs: 1000 } });
    manager.observe(event('t1', 'r1', 'agent_started'));
    clock.advance(900);
    manager.observe(event('t1', 'r1', 'agent_thinking', { text: 'hmm' }));
    clock.advance(900);
    expect(lines()).toEqual([]);
    clock.advance(5000);
    expect(lines()).toEqual(['firing run-stuck']);
    expect(records[0]).toMatchObject({ threadId: 't1', runId: 'r1', severity: 'warning' });
    manager.observe(event('t1', 'r1', 'agent_completed'));
    expect(lines()).toEqual(['firing run-stuck', 'resolved run-stuck']);
    expect(records[1]!.message).toBe('run r1 completed');
    clock.advance(5000);
    expect(lines()).toHaveLength(2);
    await manager.close();
  });

  it('tool-stuck: an open tool call past the threshold is one alert (not also run-stuck); its completion resolves it', async () => {
    const { manager, clock, lines, records } = harness({ cooldownMs: 0, 'tool-stuck': { thresholdMs: 500 }, 'run-stuck': { thresholdMs: 500 } });
    manager.observe(event('t1', 'r1', 'agent_started'));
    manager.observe(event('t1', 'r1', 'tool_executing', { toolCallId: 'c1', toolName: 'search' }));
    clock.advance(2000);
    expect(lines()).toEqual(['firing tool-stuck']);
    expect(records[0]!.message).toMatch(/^tool call search \(c1\) of run r1 has been open for/);
    manager.observe(event('t1', 'r1', 'tool_completed', { toolCallId: 'c1', ok: true }));
    expect(lines()).toEqual(['firing tool-stuck', 'resolved tool-stuck']);
    await manager.close();
  });

  it('publish-rejected: a burst of rejections from one backend with one code is one alert, resolved after a quiet window', async () => {
    const { manager, clock, lines, records } = harness({ cooldownMs: 0, 'publish-rejected': { count: 1, windowMs: 1000 } });
    for (let i = 0; i < 20; i += 1) {
      manager.observe({ kind: 'rejected', code: 'run_not_started', message: 'first event must be agent_started', transport: 'ws', connectionId: 'c7', threadId: 't', runId: `r${i}`, event: 'agent_thinking' });
    }
    manager.observe({ kind: 'rejected', code: 'unknown_tool_call', message: 'x', transport: 'ws', connectionId: 'c7' });
    expect(lines()).toEqual(['firing publish-rejected', 'firing publish-rejected']);
    expect(manager.active()[0]!.count).toBe(20);
    expect(manager.active()[0]!.message).toMatch(/rejected with run_not_started from backend c7 \(ws\): 20 so far/);
    clock.advance(1500);
    expect(records.filter((r) => r.state === 'resolved')).toHaveLength(2);
    await manager.close();
  });

  it('run-aborted: a synthetic agent_error (run timeout, publisher lost) fires per thread', async () => {
    const { manager, clock, lines, records } = harness({ cooldownMs: 0, 'run-aborted': { windowMs: 1000 } });
    manager.observe(event('t1', 'r1', 'agent_started'));
    manager.observe(event('t1', 'r1', 'agent_error', { code: 'publisher_lost', message: 'the publisher left' }, true));
    manager.observe(event('t1', 'r2', 'agent_started'));
    manager.observe(event('t1', 'r2', 'agent_error', { code: 'run_timeout', message: 'no publish' }, true));
    manager.observe(event('t2', 'r3', 'agent_error', { code: 'model_failed', message: 'a plain error is not an abort' }));
    expect(lines()).toEqual(['firing run-aborted']);
    expect(records[0]!.message).toBe('run r1 in thread t1 was aborted (publisher_lost): the publisher left');
    expect(manager.active()[0]).toMatchObject({ count: 2, runId: 'r2' });
    clock.advance(1500);
    expect(lines()).toEqual(['firing run-aborted', 'resolved run-aborted']);
    await manager.close();
  });

  it('delivery-lag: lag over the threshold fires once; a quiet window resolves it', async () => {
    const { manager, clock, lines } = harness({ cooldownMs: 0, 'delivery-lag': { thresholdMs: 100, windowMs: 1000 } });
    manager.observe({ kind: 'delivery', lagMs: 20, frames: 1, connections: 1, maxBufferedBytes: 0 });
    expect(lines()).toEqual([]);
    for (let i = 0; i < 5; i += 1) manager.observe({ kind: 'delivery', lagMs: 300, frames: 9, connections: 2, maxBufferedBytes: 4096 });
    expect(lines()).toEqual(['firing delivery-lag']);
    clock.advance(1500);
    expect(lines()).toEqual(['firing delivery-lag', 'resolved delivery-lag']);
    await manager.close();
  });

  it('a completed run with no stuck alert writes nothing', async () => {
    const { manager, clock, lines } = harness({ 'run-stuck': { thresholdMs: 1000 } });
    manager.observe(event('t1', 'r1', 'agent_started'));
    manager.observe(event('t1', 'r1', 'agent_completed'));
    clock.advance(10_000);
    expect(lines()).toEqual([]);
    await manager.close();
  });
});

describe('publish-rejected counting', () => {
  it('rejections spread over several ticks still add up to a burst', async () => {
    const { manager, clock, lines } = harness({ cooldownMs: 0, 'publish-rejected': { count: 3, windowMs: 1000 } });
    for (let i = 0; i < 3; i += 1) {
      manager.observe({ kind: 'rejected', code: 'run_finished', message: 'x', transport: 'http' });
      clock.advance(200);
    }
    expect(lines()).toEqual(['firing publish-rejected']);
    expect(manager.active()[0]!.message).toMatch(/from backend http \(http\): 3 so far/);
    await manager.close();
  });
});

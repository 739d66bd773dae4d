import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../src/events/hub.js';
import { Observers } from '../../../src/events/observation.js';
import { MAX_EVENT_PAYLOAD_BYTES } from '../../../src/events/protocol.js';
import { framePayload } from '../../../src/events/ws-frame.js';
import type { FrameSink } from '../../../src/events/thread-state.js';

function hub(): EventHub {
  const replay = { maxEvents: 1000, maxBytes: 2 ** 21, totalBytes: 2 ** 26, idleEvictMs: 60_000 };
  return new EventHub({ epoch: 'e', now: () => 1, runTimeoutMs: 60_000, publisherLostMs: 30_000, replay, observers: new Observers() });
}

/** A sink that records what it would write, as JSON text. */
function sink(id: string): FrameSink & { texts: string[] } {
  const texts: string[] = [];
  return {
    id,
    texts,
    send: (json) => texts.push(json),
    sendFramed: (wire) => texts.push(framePayload(wire).toString()),
  };
}

describe('publish: the payload size limit counts UTF-8 bytes', () => {
  // The JSON of {"s":"…"} is 8 bytes plus the string.
  const overhead = 8;
  it.each([
    ['ASCII just under the limit (its UTF-16 length x 3 is over it)', 'a'.repeat(MAX_EVENT_PAYLOAD_BYTES - overhead), true],
    ['ASCII one byte over', 'a'.repeat(MAX_EVENT_PAYLOAD_BYTES - overhead + 1), false],
    ['3-byte characters just under the limit', '€'.repeat(Math.floor((MAX_EVENT_PAYLOAD_BYTES - overhead) / 3)), true],
    ['3-byte characters one byte over', `${'€'.repeat(Math.floor((MAX_EVENT_PAYLOAD_BYTES - overhead) / 3))}abc`, false],
    ['4-byte characters (two UTF-16 units each) just over the limit', '😀'.repeat(MAX_EVENT_PAYLOAD_BYTES / 4), false],
  ])('%s', (_name, s, accepted) => {
    const h = hub();
    expect(h.publish({ threadId: 't', runId: 'r', event: 'agent_started', payload: {}, publisher: null })).toMatchObject({ ok: true });
    const result = h.publish({ threadId: 't', runId: 'r', event: 'x.big', payload: { s }, publisher: null });
    expect(result.ok).toBe(accepted);
    if (!result.ok) expect(result.code).toBe('payload_too_large');
  });
});

describe('publish: every subscriber gets the same frame, a run filter only its run', () => {
  it('sends one shared frame to matching subscribers and replays a framed copy', () => {
    const h = hub();
    const all = sink('a');
    const filtered = sink('f');
    h.subscribe(all, { type: 'subscribe', threadId: 't' });
    h.subscribe(filtered, { type: 'subscribe', threadId: 't', runId: 'r2' });
    const wires: Buffer[] = [];
    const capture: FrameSink = { id: 'c', send: () => undefined, sendFramed: (w) => wires.push(w) };
    const spy: FrameSink = { id: 's', send: () => undefined, sendFramed: (w) => wires.push(w) };
    h.subscribe(capture, { type: 'subscribe', threadId: 't' });
    h.subscribe(spy, { type: 'subscribe', threadId: 't' });
    h.publish({ threadId: 't', runId: 'r1', event: 'agent_started', payload: {}, publisher: null });
    h.publish({ threadId: 't', runId: 'r2', event: 'agent_started', payload: { apiToken: 'x' }, publisher: null });
    expect(wires).toHaveLength(4);
    expect(wires[0]).toBe(wires[1]); // the very same buffer for both subscribers
    const events = (texts: string[]) => texts.map((t) => JSON.parse(t) as Record<string, unknown>).filter((f) => f['type'] === 'event');
    expect(events(all.texts).map((e) => e['runId'])).toEqual(['r1', 'r2']);
    expect(events(filtered.texts).map((e) => [e['runId'], e['runSeq']])).toEqual([['r2', 1]]);
    expect(events(filtered.texts)[0]).toMatchObject({ replay: false, payload: { apiToken: '[REDACTED]' } });
    const late = sink('l');
    h.subscribe(late, { type: 'subscribe', threadId: 't', since: 0, epoch: 'e' });
    expect(events(late.texts).map((e) => [e['seq'], e['replay']])).toEqual([[1, true], [2, true]]);
    expect(events(late.texts)[1]).toEqual({ ...events(all.texts)[1], replay: true });
  });
});

describe('least recently used order of threads', () => {
  function lruHub(totalBytes: number, clock: { t: number }): EventHub {
    const replay = { maxEvents: 1000, maxBytes: 2 ** 21, totalBytes, idleEvictMs: 1_000 };
    return new EventHub({ epoch: 'e', now: () => clock.t, runTimeoutMs: 60_000, publisherLostMs: 30_000, replay, observers: new Observers() });
  }
  const events = (h: EventHub, threadId: string, count: number, first = false) => {
    for (let i = 0; i < count; i += 1) {
      h.publish({ threadId, runId: 'r', event: first && i === 0 ? 'agent_started' : 'x.e', payload: {}, publisher: null });
    }
  };
  /** Seqs retained for a thread, read through a resume from 0. */
  const retained = (h: EventHub, threadId: string) => {
    const s = sink(`probe-${threadId}`);
    h.subscribe(s, { type: 'subscribe', threadId, since: 0, epoch: 'e' });
    h.unsubscribe(s, threadId);
    return s.texts.map((t) => JSON.parse(t) as Record<string, unknown>).filter((f) => f['type'] === 'event').map((f) => f['seq']);
  };
  // A, B, a burst on A (A becomes the most recent), one more on B (B becomes the most recent again),
  // then C pushes the total one event over budget: A is now the least recently used.
  const scenario = (h: EventHub) => {
    events(h, 'A', 5, true);
    events(h, 'B', 5, true);
    events(h, 'A', 5);
    events(h, 'B', 1);
    events(h, 'C', 5, true);
  };

  it('drops the oldest events of the least recently used thread, also after a burst on one thread', () => {
    const dry = lruHub(2 ** 26, { t: 0 });
    scenario(dry);
    const h = lruHub(dry.bufferedBytes - 1, { t: 0 });
    scenario(h);
    expect(retained(h, 'A')).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(retained(h, 'B')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(retained(h, 'C')).toEqual([1, 2, 3, 4, 5]);
  });

  it('evicts idle finished threads (the most recent one included) and never reuses their seqs', () => {
    const clock = { t: 0 };
    const h = lruHub(2 ** 26, clock);
    h.publish({ threadId: 'X', runId: 'r', event: 'agent_started', payload: {}, publisher: null });
    h.publish({ threadId: 'X', runId: 'r', event: 'agent_completed', payload: {}, publisher: null });
    clock.t = 5_000;
    h.evictIdle();
    expect(h.threadCount).toBe(0);
    expect(h.bufferedBytes).toBe(0);
    h.publish({ threadId: 'Y', runId: 'r', event: 'agent_started', payload: {}, publisher: null });
    expect(h.publish({ threadId: 'X', runId: 'r2', event: 'agent_started', payload: {}, publisher: null })).toMatchObject({ ok: true, seq: 3 });
    h.publish({ threadId: 'Y', runId: 'r', event: 'x.e', payload: {}, publisher: null });
    expect(h.threadCount).toBe(2);
    expect(retained(h, 'X')).toEqual([3]);
  });
});

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
    send: (frame) => texts.push(frame.toString()),
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

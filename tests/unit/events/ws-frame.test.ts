import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { textFrame, framePayload } from '../../../src/events/ws-frame.js';
import { encodeEvent, toReplayWire, decodeEnvelope } from '../../../src/events/encode.js';
import { WriteBatches } from '../../../src/events/write-batches.js';
import { FlushScheduler } from '../../../src/events/flush-scheduler.js';
import { Observers } from '../../../src/events/observation.js';

// ws's own frame parser, to check the hand-built frames against the library the clients run.
interface ReceiverLike {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  write(chunk: Buffer, encoding: string, callback: (error?: Error | null) => void): void;
}
const { Receiver } = createRequire(import.meta.url)('ws') as {
  Receiver: new (options: { isServer: boolean; maxPayload: number }) => ReceiverLike;
};

function parseWithWs(bytes: Buffer): { text: string; isBinary: boolean }[] {
  const receiver = new Receiver({ isServer: false, maxPayload: 0 });
  const messages: { text: string; isBinary: boolean }[] = [];
  receiver.on('message', (data, isBinary) => messages.push({ text: data.toString(), isBinary }));
  receiver.on('error', (error) => {
    throw error;
  });
  receiver.write(bytes, 'buffer', () => undefined);
  return messages;
}

describe('hand-built WebSocket frames', () => {
  it.each([0, 1, 125, 126, 127, 65_535, 65_536, 300_000])('a %i-byte text frame parses with ws as that text', (size) => {
    const text = 'a'.repeat(size);
    const frame = textFrame(text);
    expect(parseWithWs(frame)).toEqual([{ text, isBinary: false }]);
    expect(framePayload(frame).toString()).toBe(text);
  });

  it('counts multi-byte characters in bytes, not UTF-16 units', () => {
    const text = JSON.stringify({ s: 'é€😀'.repeat(50) });
    expect(parseWithWs(textFrame(text))).toEqual([{ text, isBinary: false }]);
  });

  it('encodes an event once: the wire frame carries exactly the stored JSON, and the replay frame differs only by the flag', () => {
    const fields = { epoch: 'e', threadId: 't', runId: 'r', seq: 1, runSeq: 1, event: 'agent_started', ts: 5, synthetic: false };
    const { json, wire } = encodeEvent(fields, JSON.stringify({ big: 'x'.repeat(70_000), note: 'ü' }));
    const [live] = parseWithWs(wire);
    expect(live?.text).toBe(json.toString());
    expect(decodeEnvelope(json)).toMatchObject({ type: 'event', replay: false, seq: 1 });
    const [replayed] = parseWithWs(toReplayWire(json));
    expect(replayed?.text).toBe(json.toString().replace(/^\{"type":"event","replay":false,/, '{"type":"event","replay":true,'));
    expect(decodeEnvelope(replayed!.text)).toMatchObject({ replay: true, seq: 1, payload: { note: 'ü' } });
  });

  it('parses a joined batch as its frames, in order', () => {
    const frames = ['{"a":1}', 'x'.repeat(200), '{"b":2}'].map((t) => textFrame(t));
    const batches = new WriteBatches();
    const joined = batches.join(frames, frames.reduce((n, f) => n + f.length, 0));
    expect(parseWithWs(joined).map((m) => m.text)).toEqual(['{"a":1}', 'x'.repeat(200), '{"b":2}']);
  });
});

describe('write batches', () => {
  const a = textFrame('{"a":1}');
  const b = textFrame('{"b":2}');
  const c = textFrame('{"c":3}');
  const size = (frames: Buffer[]) => frames.reduce((n, f) => n + f.length, 0);

  it('joins the same frames once per round and shares the buffer', () => {
    const batches = new WriteBatches();
    const first = batches.join([a, b], size([a, b]));
    expect(batches.join([a, b], size([a, b]))).toBe(first);
    expect(first).toEqual(Buffer.concat([a, b]));
    batches.clear();
    expect(batches.join([a, b], size([a, b]))).not.toBe(first);
  });

  it('never shares between batches that differ in any frame, their order or their length', () => {
    const batches = new WriteBatches();
    const ab = batches.join([a, b], size([a, b]));
    const abc = batches.join([a, b, c], size([a, b, c]));
    const ac = batches.join([a, c], size([a, c]));
    const ba = batches.join([b, a], size([b, a]));
    // The same bytes in a different Buffer object are another frame (e.g. another event): not shared.
    const aCopy = Buffer.from(a);
    const aCopyB = batches.join([aCopy, b], size([aCopy, b]));
    expect(new Set([ab, abc, ac, ba, aCopyB]).size).toBe(5);
    expect(abc).toEqual(Buffer.concat([a, b, c]));
    expect(ac).toEqual(Buffer.concat([a, c]));
    expect(ba).toEqual(Buffer.concat([b, a]));
    expect(batches.join([a, b, c], size([a, b, c]))).toBe(abc);
  });
});

describe('flush scheduler', () => {
  const frames = [textFrame('{"a":1}'), textFrame('{"b":2}')];
  const bytes = frames[0]!.length + frames[1]!.length;

  it('shares a joined batch between sockets within one flush round, and keeps nothing outside a round', async () => {
    const scheduler = new FlushScheduler(new Observers(), () => 0);
    const joined: Buffer[] = [];
    const flushed = new Promise<void>((resolve) => {
      const target = (last: boolean) => ({
        flush: () => {
          joined.push(scheduler.join(frames, bytes));
          if (last) resolve();
          return 0;
        },
      });
      scheduler.mark(target(false));
      scheduler.mark(target(true));
    });
    await flushed;
    expect(joined).toHaveLength(2);
    expect(joined[0]).toBe(joined[1]);
    expect(joined[0]).toEqual(Buffer.concat(frames));
    // A flush outside a round (before a close) gets its own buffer, not one kept from the round.
    const outside = scheduler.join(frames, bytes);
    expect(outside).not.toBe(joined[0]);
    expect(scheduler.join(frames, bytes)).not.toBe(outside);
    expect(outside).toEqual(Buffer.concat(frames));
  });
});

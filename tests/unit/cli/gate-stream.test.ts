import { describe, expect, it } from 'vitest';
import { PassThrough, Writable } from 'node:stream';
import { GateStream } from '../../../src/cli/gate-stream.js';

function collect(target: PassThrough): () => Buffer {
  const chunks: Buffer[] = [];
  target.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks);
}

/** A target that keeps its write callbacks until `flush()`, so it stays full (write() returns false); after it, it writes at once. */
function slowTarget(): { target: Writable; written: string[]; flush: () => void } {
  const written: string[] = [];
  let pending: Array<() => void> | undefined = [];
  const target = new Writable({
    highWaterMark: 4,
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk.toString('utf8'));
      if (pending) pending.push(() => callback());
      else callback();
    },
  });
  const flush = (): void => {
    const callbacks = pending ?? [];
    pending = undefined;
    for (const callback of callbacks) callback();
  };
  return { target, written, flush };
}
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const write = (stream: GateStream, chunk: string | Buffer): Promise<void> =>
  new Promise((resolve, reject) => stream.write(chunk, (error) => (error ? reject(error) : resolve())));

describe('GateStream', () => {
  it('passes bytes through unchanged, a UTF-8 character split across two writes included', async () => {
    const target = new PassThrough();
    const output = collect(target);
    const gate = new GateStream(target, { open: true });
    const bytes = Buffer.from('api | café ✓\n');
    const cut = bytes.indexOf(0xa9); // inside "é"
    await write(gate, bytes.subarray(0, cut));
    await write(gate, bytes.subarray(cut));
    await write(gate, 'netra | text\n');
    expect(output().toString('utf8')).toBe('api | café ✓\nnetra | text\n');
  });

  it('holds output while closed and releases it in order, dropping the oldest past its bound with a note', async () => {
    const target = new PassThrough();
    const output = collect(target);
    const gate = new GateStream(target, { open: false, maxBytes: 8 });
    await write(gate, Buffer.from('one\n'));
    await write(gate, 'two\n');
    await write(gate, Buffer.from('three\n'));
    expect(output().length).toBe(0);
    gate.release((dropped) => `[${dropped} bytes dropped]\n`);
    await write(gate, 'four\n');
    expect(output().toString('utf8')).toBe('[8 bytes dropped]\nthree\nfour\n');
  });

  it('waits for a full target to drain before taking the next chunk', async () => {
    const { target, written, flush } = slowTarget();
    const gate = new GateStream(target, { open: true });
    let firstDone = false;
    gate.write('12345678', () => (firstDone = true));
    const second = write(gate, 'second');
    await nextTurn();
    expect(written).toEqual(['12345678']);
    expect(firstDone).toBe(false);
    flush(); // the target empties and emits 'drain'
    await second;
    expect(firstDone).toBe(true);
    expect(written).toEqual(['12345678', 'second']);
  });

  it('a target that breaks while full lets the writer go on, and later output is dropped', async () => {
    const { target, written } = slowTarget();
    target.on('error', () => undefined);
    const gate = new GateStream(target, { open: true });
    const first = write(gate, '12345678');
    await nextTurn();
    target.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await first;
    await write(gate, 'later');
    expect(written).toEqual(['12345678']);
  });
});

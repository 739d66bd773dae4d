import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { GateStream } from '../../../src/cli/gate-stream.js';

function collect(target: PassThrough): () => Buffer {
  const chunks: Buffer[] = [];
  target.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks);
}

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
});

import { describe, expect, it } from 'vitest';
import { encodeLines } from '../../../src/logs/line-encoder.js';
import type { ByteSink } from '../../../src/logs/line-encoder.js';

/** A sink whose blocks hold `blockSize` bytes (at least what is asked): small ones make the encoder stop and go on often. */
class BlockSink implements ByteSink {
  used = 0;
  private block = Buffer.alloc(0);
  private readonly done: Buffer[] = [];
  constructor(private readonly blockSize: number) {}
  reserve(min: number): Buffer {
    if (this.block.length - this.used >= min) return this.block;
    this.done.push(this.block.subarray(0, this.used));
    this.block = Buffer.alloc(Math.max(min, this.blockSize));
    this.used = 0;
    return this.block;
  }
  commit(end: number): void {
    this.used = end;
  }
  text(): string {
    return Buffer.concat([...this.done, this.block.subarray(0, this.used)]).toString('utf8');
  }
}

function encode(data: Buffer, blockSize: number, firstSeq = 1) {
  const terminal = new BlockSink(blockSize);
  const file = new BlockSink(blockSize);
  const count = encodeLines({
    data,
    terminal,
    prefix: Buffer.from('svc | '),
    style: undefined,
    file,
    head: Buffer.from('{"ts":"T","service":"svc","stream":"stdout","line":'),
    firstSeq,
    marks: new Int32Array(8),
  });
  return { count, terminal: terminal.text(), file: file.text() };
}

describe('encodeLines', () => {
  const lines = ['one', '', 'with "quotes" and \\', 'tab\there', 'crlf', 'é🎉', 'x'.repeat(300)];
  const data = Buffer.from(`${lines.slice(0, 4).join('\n')}\n${lines[4]}\r\n${lines.slice(5).join('\n')}\n`, 'utf8');

  it('writes prefix + line to the terminal and one JSON record per line to the file', () => {
    const { count, terminal, file } = encode(data, 1 << 20, 9);
    expect(count).toBe(lines.length);
    expect(terminal).toBe(lines.map((line) => `svc | ${line}\n`).join(''));
    const records = file.trim().split('\n').map((line) => JSON.parse(line) as { line: string; seq: number });
    expect(records.map((r) => r.line)).toEqual(lines);
    expect(records.map((r) => r.seq)).toEqual(lines.map((_, i) => 9 + i));
    expect(file.split('\n')[2]).toBe(`{"ts":"T","service":"svc","stream":"stdout","line":${JSON.stringify(lines[2])},"seq":11}`);
  });

  it('writes the same bytes when output blocks fill up line after line', () => {
    const whole = encode(data, 1 << 20);
    for (const size of [1, 16, 64, 100]) expect(encode(data, size)).toEqual(whole);
  });

  it('writes seq numbers past 2^31 as they are', () => {
    const { file } = encode(Buffer.from('a\nb\n'), 1024, 2 ** 31 - 1);
    expect(file).toContain('"seq":2147483647}');
    expect(file).toContain('"seq":2147483648}');
  });

  it('refuses data that does not end with a newline', () => {
    expect(() => encode(Buffer.from('a\nb'), 1024)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/logs/index.js';

describe('LineSplitter', () => {
  it('joins a line split across chunks', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('hel')).toEqual([]);
    expect(splitter.push('lo\nwor')).toEqual(['hello']);
    expect(splitter.push('ld\n')).toEqual(['world']);
    expect(splitter.end()).toEqual([]);
  });

  it('ends lines at CRLF, also when the CR and LF arrive in different chunks', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('a\r\nb\r')).toEqual(['a']);
    expect(splitter.push('\nc\n')).toEqual(['b', 'c']);
  });

  it('keeps a lone CR inside a line', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('progress 10%\rprogress 20%\n')).toEqual(['progress 10%\rprogress 20%']);
  });

  it('decodes a multi-byte character split across chunks', () => {
    const bytes = Buffer.from('né 🎉 ok\n', 'utf8');
    const splitter = new LineSplitter();
    const lines: string[] = [];
    for (let i = 0; i < bytes.length; i += 1) lines.push(...splitter.push(bytes.subarray(i, i + 1)));
    expect(lines).toEqual(['né 🎉 ok']);
  });

  it('returns a final line without newline at end()', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('first\nlast')).toEqual(['first']);
    expect(splitter.end()).toEqual(['last']);
    expect(splitter.end()).toEqual([]);
  });

  it('cuts a very long line into pieces and loses nothing', () => {
    const splitter = new LineSplitter({ maxLineLength: 10 });
    const long = 'x'.repeat(25);
    const lines = [...splitter.push(long.slice(0, 7)), ...splitter.push(`${long.slice(7)}\nnext\n`)];
    expect(lines).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5), 'next']);
    expect(lines.slice(0, 3).join('')).toBe(long);
  });

  it('keeps empty lines', () => {
    expect(new LineSplitter().push('\n\na\n')).toEqual(['', '', 'a']);
  });
});

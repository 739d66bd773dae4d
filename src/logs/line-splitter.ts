import { StringDecoder } from 'node:string_decoder';

export interface LineSplitterOptions {
  /** A longer line is cut into pieces of this many characters (never dropped). Default 1 MiB. */
  maxLineLength?: number;
}

export const defaultMaxLineLength = 1024 * 1024;

/**
 * Turns the chunks of a child's pipe into whole lines: a line split across
 * chunks is joined, `\r\n` and `\n` both end a line, a multi-byte UTF-8
 * character split across chunks is decoded once whole (StringDecoder), and a
 * line longer than `maxLineLength` is cut so one runaway line cannot grow the
 * launcher's memory without bound.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private readonly maxLineLength: number;
  private partial = '';

  constructor(options: LineSplitterOptions = {}) {
    this.maxLineLength = Math.max(1, options.maxLineLength ?? defaultMaxLineLength);
  }

  /** Returns the lines completed by this chunk. */
  push(chunk: Buffer | string): string[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (text.length === 0) return [];
    const lines: string[] = [];
    let data = this.partial.length === 0 ? text : this.partial + text;
    let start = 0;
    for (;;) {
      const nl = data.indexOf('\n', start);
      if (nl === -1) break;
      const end = nl > start && data.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.pushLine(lines, data.slice(start, end));
      start = nl + 1;
    }
    // The rest is kept, '\r' included: it may be the first half of a '\r\n' split across chunks.
    data = start === 0 ? data : data.slice(start);
    while (data.length > this.maxLineLength) {
      lines.push(data.slice(0, this.maxLineLength));
      data = data.slice(this.maxLineLength);
    }
    this.partial = data;
    return lines;
  }

  /** Returns the last line when the stream ended without a newline. */
  end(): string[] {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest.length === 0) return [];
    const lines: string[] = [];
    this.pushLine(lines, rest.endsWith('\r') ? rest.slice(0, -1) : rest);
    return lines;
  }

  private pushLine(lines: string[], line: string): void {
    if (line.length <= this.maxLineLength) lines.push(line);
    else for (const piece of cutLine(line, this.maxLineLength)) lines.push(piece);
  }
}

/** A line in pieces of at most `max` characters (the last one shorter): how both splitters cut a long line. */
export function cutLine(line: string, max: number): string[] {
  if (line.length <= max) return [line];
  const pieces: string[] = [];
  for (let i = 0; i < line.length; i += max) pieces.push(line.slice(i, i + max));
  return pieces;
}

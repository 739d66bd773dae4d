import { LineSplitter, cutLine, defaultMaxLineLength } from './line-splitter.js';
import type { LineSplitterOptions } from './line-splitter.js';

/**
 * What a chunk yields, in order: the bytes of whole lines (each ended by
 * `\n`, a `\r` before it still there), or lines already decoded (a line over
 * the length limit, cut into pieces).
 */
export type LinePart = Buffer | string[];

/**
 * LineSplitter's twin for the hot path: it cuts a child's chunks at the last
 * `\n` and hands on the bytes, never decoding them. A `\n` byte never occurs
 * inside a multi-byte UTF-8 character, so whole lines are whole characters
 * and a character split across chunks simply waits in the partial line.
 * Lines over `maxLineLength` bytes (rare) are given to a LineSplitter, so
 * they are cut into exactly the pieces it cuts.
 */
export class ByteLineSplitter {
  private readonly maxLineLength: number;
  private partial: Buffer | undefined;
  /** Set while a line over the limit is being read: it owns the bytes up to that line's `\n`. */
  private long: LineSplitter | undefined;

  constructor(options: LineSplitterOptions = {}) {
    this.maxLineLength = Math.max(1, options.maxLineLength ?? defaultMaxLineLength);
  }

  push(chunk: Buffer): LinePart[] {
    const parts: LinePart[] = [];
    let rest = chunk;
    if (this.long) {
      const nl = chunk.indexOf(10);
      addText(parts, this.long.push(nl === -1 ? chunk : chunk.subarray(0, nl + 1)));
      if (nl === -1) return parts;
      this.long = undefined;
      rest = chunk.subarray(nl + 1);
    }
    if (this.partial) {
      // Only the line that the partial starts is joined (a small copy), not the whole chunk.
      const nl = rest.indexOf(10);
      if (nl === -1) {
        rest = Buffer.concat([this.partial, rest]);
      } else {
        this.addWhole(parts, Buffer.concat([this.partial, rest.subarray(0, nl + 1)]));
        rest = rest.subarray(nl + 1);
      }
      this.partial = undefined;
    }
    const data = rest;
    const last = data.lastIndexOf(10);
    if (last >= 0) this.addWhole(parts, data.subarray(0, last + 1));
    const tail = data.subarray(last + 1);
    if (tail.length > this.maxLineLength) {
      // Characters never outnumber bytes: only a line this long in bytes may need cutting.
      this.long = new LineSplitter({ maxLineLength: this.maxLineLength });
      addText(parts, this.long.push(tail));
    } else if (tail.length > 0) {
      this.partial = tail;
    }
    return parts;
  }

  /** The last line when the stream ended without a newline. */
  end(): LinePart[] {
    const rest = this.partial;
    // LineSplitter ends it: an unfinished character decodes to U+FFFD, a final `\r` goes, a long line is cut.
    const splitter = this.long ?? (rest ? new LineSplitter({ maxLineLength: this.maxLineLength }) : undefined);
    this.long = undefined;
    this.partial = undefined;
    if (!splitter) return [];
    const lines = rest ? splitter.push(rest) : [];
    for (const line of splitter.end()) lines.push(line);
    return lines.length > 0 ? [lines] : [];
  }

  /** Whole lines go on as bytes, except those over the limit (decoded and cut). */
  private addWhole(parts: LinePart[], whole: Buffer): void {
    if (whole.length <= this.maxLineLength) {
      parts.push(whole);
      return;
    }
    let from = 0;
    let start = 0;
    while (start < whole.length) {
      const nl = whole.indexOf(10, start);
      const stop = nl > start && whole[nl - 1] === 13 ? nl - 1 : nl;
      if (stop - start > this.maxLineLength) {
        if (start > from) parts.push(whole.subarray(from, start));
        parts.push(cutLine(whole.toString('utf8', start, stop), this.maxLineLength));
        from = nl + 1;
      }
      start = nl + 1;
    }
    if (from < whole.length) parts.push(whole.subarray(from));
  }
}

function addText(parts: LinePart[], lines: string[]): void {
  if (lines.length > 0) parts.push(lines);
}

import { isUtf8 } from 'node:buffer';
import { digitsInto, escapeInto } from './json-bytes.js';

/** Where encoded bytes go, written in place (ByteQueue, StreamWriter, FileSink). */
export interface ByteSink {
  readonly used: number;
  /** The block to write into, with at least `min` bytes free from `used` on. */
  reserve(min: number): Buffer;
  /** Queues the block's bytes up to `end`. */
  commit(end: number): void;
}

/** Highlighting of the terminal copy when colors are on (see styleBody in format.ts). */
export interface ByteStyle {
  /** Starts of the chunk's matches of the cheap alert pre-check, ascending: only these lines can be warnings or worse. */
  readonly hints: readonly number[];
  /** The level of a candidate line's text (detectAlertLevel). */
  readonly levelOf: (line: string) => 'warn' | 'error' | 'fatal' | undefined;
  readonly warn: { readonly open: Buffer; readonly close: Buffer };
  readonly error: { readonly open: Buffer; readonly close: Buffer };
  /** Appended to a line that carries its own escape codes, so its colors never bleed. */
  readonly reset: Buffer;
}

export interface EncodeJob {
  /** Whole lines, each ended by `\n` (a `\r` before it is dropped): the bytes of a chunk. */
  readonly data: Buffer;
  /** Gets `prefix + line + \n` per line; undefined when the terminal takes the lines another way. */
  readonly terminal: ByteSink | undefined;
  readonly prefix: Buffer;
  readonly style: ByteStyle | undefined;
  /** Gets one JSONL record per line: `head + "line" + ,"seq":N}\n`. */
  readonly file: ByteSink | undefined;
  /** `{"ts":…,"service":…,"stream":…,"line":` of this chunk (one arrival time for the chunk). */
  readonly head: Buffer;
  readonly firstSeq: number;
  /** Receives `[start, end)` of the last `marks.length / 2` lines, slot `(n % slots) * 2` for line n. */
  readonly marks: Int32Array | undefined;
}

const maxFastSeq = 0x7fffffff;

/** Where a run stopped; written at every run's end (a typed array: no object per call). */
const progress = new Int32Array(6);
const [atLine, atTerminal, atFile, atCount, atHint, atNeed] = [0, 1, 2, 3, 4, 5];

/**
 * Writes the terminal and JSONL bytes of a chunk of lines straight from the
 * child's bytes: no string per line, no per-line allocation. A line is copied
 * as it is when JSON needs no escape in it; `"`, `\` and control characters
 * are escaped byte by byte exactly as JSON.stringify does; a line that is not
 * valid UTF-8 is decoded (U+FFFD) and goes the string way. Returns the number
 * of lines.
 *
 * The lines are written in runs that stop when an output block is full: the
 * hot loop never calls out for room, so the JIT's optimised loop is not thrown
 * away the first time a block fills up (a deopt per rarely taken branch).
 */
export function encodeLines(job: EncodeJob): number {
  const { data, terminal, file } = job;
  if (data.length === 0) return 0;
  // The line scan looks for `\n` without a bounds check: the last byte must be one.
  if (data[data.length - 1] !== 10) throw new RangeError('encodeLines: data must end with a newline');
  const run: Run = {
    job,
    valid: isUtf8(data),
    view: viewOf(data),
    slots: job.marks ? job.marks.length >> 1 : 0,
    tb: undefined,
    tv: undefined,
    fb: undefined,
    fv: undefined,
  };
  let i = 0;
  let tp = 0;
  let fp = 0;
  let count = 0;
  let hint = 0;
  let need = 0;
  do {
    if (terminal) {
      run.tb = terminal.reserve(need + job.prefix.length + 64);
      run.tv = viewOf(run.tb);
      tp = terminal.used;
    }
    if (file) {
      run.fb = file.reserve(need * 2 + job.head.length + 64);
      run.fv = viewOf(run.fb);
      fp = file.used;
    }
    encodeRun(run, i, tp, fp, count, hint);
    i = progress[atLine] as number;
    count = progress[atCount] as number;
    hint = progress[atHint] as number;
    need = progress[atNeed] as number;
    terminal?.commit(progress[atTerminal] as number);
    file?.commit(progress[atFile] as number);
  } while (i < data.length);
  return count;
}

interface Run {
  readonly job: EncodeJob;
  /** The whole chunk is UTF-8: no line needs checking. */
  readonly valid: boolean;
  readonly view: DataView;
  readonly slots: number;
  tb: Buffer | undefined;
  tv: DataView | undefined;
  fb: Buffer | undefined;
  fv: DataView | undefined;
}

/** Lines from `i` on, until the data or an output block ends; where it stopped goes to `progress`. */
function encodeRun(run: Run, from: number, terminalAt: number, fileAt: number, firstCount: number, firstHint: number): void {
  const { data, prefix, head, style, marks, firstSeq } = run.job;
  const { valid, view, slots, tb, tv, fb, fv } = run;
  const tbLength = tb ? tb.length : 0;
  const fbLength = fb ? fb.length : 0;
  let tp = terminalAt;
  let fp = fileAt;
  let count = firstCount;
  let hint = firstHint;
  let need = 0;
  let i = from;
  while (i < data.length) {
    let j = i;
    while (data[j] !== 10) j += 1;
    const stop = j > i && data[j - 1] === 13 ? j - 1 : j;
    const length = stop - i;
    // Worst cases: UTF-8 of U+FFFD for each byte and color codes; `\u00XX` for each byte and the seq.
    if ((tb && tp + prefix.length + length * 3 + 32 > tbLength) || (fb && fp + head.length + length * 6 + 32 > fbLength)) {
      need = length * 3 + 32;
      break;
    }
    if (marks) {
      const slot = (count % slots) << 1;
      marks[slot] = i;
      marks[slot + 1] = stop;
    }
    if (tb) {
      tb.set(prefix, tp);
      tp += prefix.length;
    }
    if (fb) {
      // A whole-array set is a native copy that allocates nothing; a slice copy would allocate a view.
      fb.set(head, fp);
      fp += head.length;
      fb[fp++] = 34;
    }
    let close: Buffer | undefined;
    if (tb && style) {
      while (hint < style.hints.length && (style.hints[hint] as number) < i) hint += 1;
      if (hint < style.hints.length && (style.hints[hint] as number) < stop) {
        const level = style.levelOf(data.toString('utf8', i, stop));
        const paint = level === 'warn' ? style.warn : level === undefined ? undefined : style.error;
        if (paint) {
          tb.set(paint.open, tp);
          tp += paint.open.length;
          close = paint.close;
        }
      }
    }
    // One pass copies the line to both outputs, four bytes at a time, and notes
    // whether JSON must escape something: per byte of a word, bit 7 of `flags`
    // is set by a control character, `"` or `\` (the bit tricks of "Bit
    // Twiddling Hacks": hasless(w, 0x20), haszero(w ^ '"'), haszero(w ^ '\')).
    const lineInTerminal = tp;
    const lineInFile = fp;
    let flags = 0;
    let highs = 0;
    let k = i;
    if (tv && fv) {
      for (; k + 4 <= stop; k += 4) {
        const w = view.getInt32(k, true);
        tv.setInt32(tp, w, true);
        fv.setInt32(fp, w, true);
        tp += 4;
        fp += 4;
        const q = w ^ 0x22222222;
        const e = w ^ 0x5c5c5c5c;
        flags |= ((w - 0x20202020) & ~w) | ((q - 0x01010101) & ~q) | ((e - 0x01010101) & ~e);
        highs |= w;
      }
    } else if (tv || fv) {
      const out = (tv ?? fv) as DataView;
      let p = tv ? tp : fp;
      for (; k + 4 <= stop; k += 4) {
        const w = view.getInt32(k, true);
        out.setInt32(p, w, true);
        p += 4;
        const q = w ^ 0x22222222;
        const e = w ^ 0x5c5c5c5c;
        flags |= ((w - 0x20202020) & ~w) | ((q - 0x01010101) & ~q) | ((e - 0x01010101) & ~e);
        highs |= w;
      }
      if (tv) tp = p;
      else fp = p;
    }
    let special = (flags & 0x80808080) !== 0;
    let high = (highs & 0x80808080) !== 0;
    for (; k < stop; k += 1) {
      const b = data[k] as number;
      if (tb) tb[tp++] = b;
      if (fb) fb[fp++] = b;
      if (b < 32 || b === 34 || b === 92) special = true;
      else if (b > 127) high = true;
    }
    if (high && !valid && !isUtf8(data.subarray(i, stop))) {
      // Not UTF-8: written as its decoding (U+FFFD for each bad sequence), as the text path does.
      const text = data.toString('utf8', i, stop);
      if (tb) tp = lineInTerminal + tb.write(text, lineInTerminal, 'utf8');
      if (fb) fp = lineInFile - 1 + fb.write(JSON.stringify(text), lineInFile - 1, 'utf8') - 1;
    } else if (special && fb && fv) {
      fp = escapeInto(fb, fv, lineInFile, data, view, i, stop);
    }
    if (tb) {
      if (style && special) {
        const esc = data.indexOf(27, i);
        if (esc !== -1 && esc < stop) {
          tb.set(style.reset, tp);
          tp += style.reset.length;
        }
      }
      if (close) {
        tb.set(close, tp);
        tp += close.length;
      }
      tb[tp++] = 10;
    }
    if (fb) {
      fb[fp++] = 34; // ","seq":
      fb[fp++] = 44;
      fb[fp++] = 34;
      fb[fp++] = 115;
      fb[fp++] = 101;
      fb[fp++] = 113;
      fb[fp++] = 34;
      fb[fp++] = 58;
      const seq = firstSeq + count;
      fp = seq <= maxFastSeq ? digitsInto(fb, fp, seq) : fp + fb.write(String(seq), fp, 'latin1');
      fb[fp++] = 125;
      fb[fp++] = 10;
    }
    count += 1;
    i = j + 1;
  }
  progress[atLine] = i;
  progress[atTerminal] = tp;
  progress[atFile] = fp;
  progress[atCount] = count;
  progress[atHint] = hint;
  progress[atNeed] = need;
}

function viewOf(bytes: Buffer): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

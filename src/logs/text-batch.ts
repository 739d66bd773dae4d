/** The text path's helpers: what lines look like when they are strings. */

/**
 * Lines that the byte path would not carry unchanged: a `\r` at a line's end
 * (dropped before `\n`), and lone surrogates (UTF-8 cannot carry them;
 * JSON.stringify escapes them). Tested on the lines joined with `\n`.
 */
export const needsTextPath = /\r\n|\r$|[\ud800-\udfff]/;

/** The lines of `\n`-ended bytes, as LineSplitter would decode them (a `\r` before `\n` dropped). */
export function decodeLines(data: Buffer): string[] {
  const lines: string[] = [];
  for (let start = 0; start < data.length; ) {
    const nl = data.indexOf(10, start);
    const stop = nl > start && data[nl - 1] === 13 ? nl - 1 : nl;
    lines.push(data.toString('utf8', start, stop));
    start = nl + 1;
  }
  return lines;
}

/**
 * The JSONL text of a batch, built as one short-lived string (a bulk
 * JSON.stringify of the array measured no faster on real, sliced lines).
 */
export function fileText(head: string, lines: readonly string[], firstSeq: number): string {
  let text = '';
  for (let i = 0; i < lines.length; i += 1) text += `${head}${JSON.stringify(lines[i])},"seq":${firstSeq + i}}\n`;
  return text;
}

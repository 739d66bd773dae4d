/**
 * JSON pieces written as bytes straight into an output block (the line
 * encoder's file side): a string body escaped exactly as JSON.stringify
 * escapes it, and a seq number's digits.
 */

const hex = Buffer.from('0123456789abcdef', 'latin1');

/** What JSON.stringify does with a byte: 0 keep, 1 backslash before it, 2 `\\u00XX`, 3 a short escape (`\\n`…). */
const escapeKind = new Uint8Array(256);
const shortEscape = new Uint8Array(32);
for (let b = 0; b < 32; b += 1) escapeKind[b] = 2;
escapeKind[34] = 1;
escapeKind[92] = 1;
for (const [b, letter] of [[8, 'b'], [9, 't'], [10, 'n'], [12, 'f'], [13, 'r']] as const) {
  escapeKind[b] = 3;
  shortEscape[b] = letter.charCodeAt(0);
}

/**
 * The JSON string body of the bytes, as JSON.stringify escapes it (the bytes
 * are valid UTF-8: non-ASCII stays as it is). Words without anything to
 * escape are copied four bytes at a time.
 */
export function escapeInto(target: Buffer, targetView: DataView, at: number, source: Buffer, view: DataView, from: number, to: number): number {
  let p = at;
  let k = from;
  while (k < to) {
    if (k + 4 <= to) {
      const w = view.getInt32(k, true);
      const q = w ^ 0x22222222;
      const e = w ^ 0x5c5c5c5c;
      if (((((w - 0x20202020) & ~w) | ((q - 0x01010101) & ~q) | ((e - 0x01010101) & ~e)) & 0x80808080) === 0) {
        targetView.setInt32(p, w, true);
        p += 4;
        k += 4;
        continue;
      }
    }
    const b = source[k++] as number;
    const kind = escapeKind[b] as number;
    if (kind === 0) {
      target[p++] = b;
      continue;
    }
    target[p++] = 92;
    if (kind === 1) target[p++] = b;
    else if (kind === 3) target[p++] = shortEscape[b] as number;
    else {
      target[p++] = 117; // u00XX
      target[p++] = 48;
      target[p++] = 48;
      target[p++] = hex[b >> 4] as number;
      target[p++] = hex[b & 15] as number;
    }
  }
  return p;
}

/** The decimal digits of `value` (a non-negative int32) at `at`; returns the end. */
export function digitsInto(target: Buffer, at: number, value: number): number {
  let length = 1;
  for (let rest = value; rest >= 10; rest = (rest / 10) | 0) length += 1;
  let p = at + length;
  let rest = value;
  do {
    const next = (rest / 10) | 0;
    target[--p] = 48 + rest - next * 10;
    rest = next;
  } while (rest > 0);
  return at + length;
}

/** Character classes shared by the code and JSX scanners. */

export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
}

export function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 11 || c === 12 || c === 0xa0 ||
    c === 0xfeff || c === 0x2028 || c === 0x2029;
}

/** The character a backslash escape stands for (enough for module specifiers). */
export function unescape(c: string): string {
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case '\n':
    case '\r':
      return '';
    default:
      return c;
  }
}

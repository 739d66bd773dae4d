/**
 * A Python tokenizer just deep enough for imports: names, operators, strings
 * (every prefix, triple quotes, f-strings with nested quotes), comments and
 * line joining, grouped into logical lines with their indentation. Strings
 * and comments are single tokens or skipped, so text inside them is never
 * mistaken for an import. Never throws: malformed input still tokenizes.
 */

export interface Token {
  kind: 'name' | 'op' | 'string' | 'number';
  value: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** Content of a plain (not f-, not bytes) string literal without its quotes. */
  text?: string;
}

export interface LogicalLine {
  /** Indentation width (tabs to multiples of 8, as CPython). */
  indent: number;
  tokens: Token[];
}

const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 't', 'br', 'rb', 'fr', 'rf', 'tr', 'rt']);
const OPS3 = new Set(['**=', '//=', '>>=', '<<=', '...']);
const OPS2 = new Set([':=', '->', '**', '//', '<<', '>>', '<=', '>=', '==', '!=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=']);
const INTERESTING = /["'#\\\n\r()[\]{}]/g;
const NUMBER = /(?:0[xXoObB][\da-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJlL]?)/y;

function isNameStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code >= 128;
}
function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57);
}

/**
 * Lets the consumer skip token objects for lines it does not need (function
 * bodies are most of a file): `wantTokens` is asked at the start of every
 * logical line, and `onLine` receives each line as soon as it is complete,
 * so the consumer's block stack is current when the next line is asked about.
 */
export interface TokenizeHooks {
  wantTokens(indent: number, firstWord: string): boolean;
  onLine(line: LogicalLine): void;
}

export function tokenize(source: string, hooks?: TokenizeHooks): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let emit = true;
  const n = source.length;
  let tokens: Token[] = [];
  let depth = 0;
  let indent = 0;
  let startOfLine = true;
  let i = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;

  const newline = (at: number): void => {
    line++;
    lineStart = at + 1;
  };

  /** Index just after the string starting with the quote at `start`. */
  const skipString = (start: number, formatted: boolean): number => {
    const quote = source[start]!;
    const triple = source.startsWith(quote.repeat(3), start);
    let j = start + (triple ? 3 : 1);
    while (j < n) {
      const c = source[j]!;
      if (c === '\\') {
        const next = source[j + 1];
        if (next === '\n') newline(j + 1);
        // In f-strings a backslash never escapes a brace: rf'\{{x}}' has the escaped brace `{{`.
        j += formatted && (next === '{' || next === '}') ? 1 : 2;
      } else if (c === '\n') {
        if (!triple) return j; // Unterminated: stop at the line end like CPython's error recovery.
        newline(j);
        j++;
      } else if (c === quote && (!triple || source.startsWith(quote.repeat(3), j))) {
        return j + (triple ? 3 : 1);
      } else if (formatted && c === '{') {
        if (source[j + 1] === '{') j += 2;
        else j = skipReplacementField(j + 1);
      } else {
        j++;
      }
    }
    return n;
  };

  /** f-string `{…}`: nested strings may reuse the outer quote (PEP 701). */
  const skipReplacementField = (start: number): number => {
    let braces = 1;
    let j = start;
    while (j < n) {
      const c = source[j]!;
      if (c === '"' || c === "'") {
        j = skipString(j, /[fFtT]$/.test(source.slice(Math.max(0, j - 2), j)));
      } else {
        if (c === '{') braces++;
        else if (c === '}' && --braces === 0) return j + 1;
        else if (c === '\n') newline(j);
        j++;
      }
    }
    return n;
  };

  const flush = (): void => {
    if (tokens.length > 0) {
      if (hooks) hooks.onLine({ indent, tokens });
      else lines.push({ indent, tokens });
    }
    tokens = [];
    startOfLine = true;
  };

  while (i < n) {
    if (!emit && !startOfLine) {
      // Fast path for lines nobody needs tokens of: jump between the characters that
      // can change the line structure (quotes, brackets, comments, continuations, newlines).
      INTERESTING.lastIndex = i;
      const match = INTERESTING.exec(source);
      if (!match) {
        i = n;
        break;
      }
      const at = match.index;
      const ch = source[at]!;
      if (ch === '"' || ch === "'") {
        let start = at;
        while (start > i && start > at - 2 && /[rRbBfFuUtT]/.test(source[start - 1]!)) start--;
        const prefixed = start < at && (start === 0 || !isNameChar(source.charCodeAt(start - 1)));
        i = skipString(at, prefixed && /[fFtT]/.test(source.slice(start, at)));
        continue;
      }
      i = at;
      if (ch === '(' || ch === '[' || ch === '{') {
        depth++;
        i++;
        continue;
      }
      if (ch === ')' || ch === ']' || ch === '}') {
        if (depth > 0) depth--;
        i++;
        continue;
      }
      // Newline, comment, backslash and \r fall through to the general code below.
    }
    const code = source.charCodeAt(i);
    if (startOfLine) {
      let width = 0;
      for (; i < n; i++) {
        const c = source.charCodeAt(i);
        if (c === 32) width++;
        else if (c === 9) width = Math.floor(width / 8) * 8 + 8;
        else if (c === 12) width = 0;
        else break;
      }
      indent = width;
      startOfLine = false;
      if (hooks && i < n) {
        const c = source.charCodeAt(i);
        if (c !== 10 && c !== 13 && c !== 35) {
          let j = i;
          while (j < n && isNameChar(source.charCodeAt(j))) j++;
          emit = hooks.wantTokens(indent, source.slice(i, j));
        }
      }
      continue;
    }
    if (code === 10) {
      newline(i);
      i++;
      if (depth === 0) flush();
    } else if (code === 13 || code === 32 || code === 9 || code === 12) {
      i++;
    } else if (code === 35) {
      while (i < n && source.charCodeAt(i) !== 10) i++;
    } else if (code === 92) {
      // Backslash continuation joins the next physical line.
      if (source[i + 1] === '\n') {
        newline(i + 1);
        i += 2;
      } else if (source.startsWith('\r\n', i + 1)) {
        newline(i + 2);
        i += 3;
      } else {
        i++;
      }
    } else if (isNameStart(code)) {
      let j = i + 1;
      while (j < n && isNameChar(source.charCodeAt(j))) j++;
      const word = source.slice(i, j);
      const col = i - lineStart + 1;
      const startLine = line;
      const next = source[j];
      if (!emit && next !== '"' && next !== "'") {
        i = j;
      } else if ((next === '"' || next === "'") && STRING_PREFIXES.has(word.toLowerCase())) {
        const lower = word.toLowerCase();
        const end = skipString(j, lower.includes('f') || lower.includes('t'));
        const plain = !/[fbt]/.test(lower);
        if (emit) tokens.push({ kind: 'string', value: source.slice(i, end), line: startLine, col, ...(plain ? { text: unquote(source.slice(j, end)) } : {}) });
        i = end;
      } else {
        tokens.push({ kind: 'name', value: word, line, col });
        i = j;
      }
    } else if (code === 34 || code === 39) {
      const col = i - lineStart + 1;
      const startLine = line;
      const end = skipString(i, false);
      if (emit) tokens.push({ kind: 'string', value: source.slice(i, end), line: startLine, col, text: unquote(source.slice(i, end)) });
      i = end;
    } else if ((code >= 48 && code <= 57) || (code === 46 && /\d/.test(source[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(source);
      const end = match && match[0].length > 0 ? i + match[0].length : i + 1;
      if (emit) tokens.push({ kind: 'number', value: source.slice(i, end), line, col: i - lineStart + 1 });
      i = end;
    } else {
      const three = source.slice(i, i + 3);
      const two = source.slice(i, i + 2);
      const op = OPS3.has(three) ? three : OPS2.has(two) ? two : source[i]!;
      if (op === '(' || op === '[' || op === '{') depth++;
      else if ((op === ')' || op === ']' || op === '}') && depth > 0) depth--;
      if (emit) tokens.push({ kind: 'op', value: op, line, col: i - lineStart + 1 });
      i += op.length;
    }
  }
  flush();
  return lines;
}

function unquote(literal: string): string {
  const quote = literal[0] ?? '';
  const width = literal.startsWith(quote.repeat(3)) && literal.length >= 6 ? 3 : 1;
  return literal.slice(width, literal.length >= 2 * width ? literal.length - width : literal.length);
}

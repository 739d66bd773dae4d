/**
 * A small TS/JS tokenizer, just precise enough that comments, strings,
 * template literals, regular expressions and JSX text never look like code:
 * an `import` inside any of them must not count. It never throws; broken
 * input degrades to fewer tokens, not to an error.
 */
import { isIdentPart, isIdentStart, isSpace, unescape } from './chars.js';
import { jsxElement, type JsxHost } from './jsx.js';
import { Tok, TokenList } from './tokens.js';

export interface ScanOptions {
  /** Recognise JSX elements (.jsx, .tsx, and .js/.mjs/.cjs, where React code often lives). */
  jsx: boolean;
  /** In .tsx, `<T,>` and `<T extends U>` start generic arrows, not elements. */
  tsx: boolean;
}

/** Identifiers after which a `/` starts a regular expression, not a division. */
const REGEX_AFTER_KEYWORD = new Set([
  'return', 'typeof', 'instanceof', 'in', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else',
  'yield', 'await',
]);
/** Identifiers after which `{` opens an expression (object literal), not a block. */
const EXPRESSION_BEFORE_BRACE = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'yield',
  'await', 'satisfies', 'as',
]);
const CONDITION_KEYWORDS = new Set(['if', 'while', 'for', 'with']);
/** After this many failed JSX guesses in one file, stop guessing (keeps worst cases linear). */
const MAX_JSX_FAILURES = 20;

/** Scans `source` into `into` (reset first; reusing one list across files spares the allocator). */
export function scan(source: string, options: ScanOptions, into = new TokenList()): TokenList {
  into.reset();
  const scanner = new Scanner(source, options, into);
  scanner.scanCode(false);
  return scanner.tokens;
}

class Scanner implements JsxHost {

  pos = 0;
  private depth = 0;
  /** Per open `{`: does it open a block (so `/` after its `}` is a regex)? */
  private braceBlocks: boolean[] = [];
  /** Per open `(`: is it the condition of if/while/for/with? */
  private parenConds: boolean[] = [];
  /** Token index of the last `)` closing a condition, and of the last `}` closing a block. */
  private conditionEnd = -1;
  private blockEnd = -1;
  private jsxFailures = 0;
  readonly n: number;

  constructor(
    readonly src: string,
    private readonly options: ScanOptions,
    readonly tokens: TokenList,
  ) {
    this.n = src.length;
  }

  get tsx(): boolean {
    return this.options.tsx;
  }

  /** Scans code until EOF or, when `closing`, the `}` that closes the current level. False on EOF inside a level. */
  scanCode(closing: boolean): boolean {
    const src = this.src;
    const base = this.depth;
    if (this.pos === 0 && src.charCodeAt(0) === 35 && src.charCodeAt(1) === 33) this.skipLine();
    while (this.pos < this.n) {
      const c = src.charCodeAt(this.pos);
      if (isSpace(c)) {
        this.pos++;
        continue;
      }
      if (c === 47) {
        const d = src.charCodeAt(this.pos + 1);
        if (d === 47) this.skipLine();
        else if (d === 42) this.skipBlockComment();
        else if (!(this.regexAllowed() && this.scanRegex())) this.punct(d === 61 ? '/=' : '/');
        continue;
      }
      if (c === 39 || c === 34) {
        this.scanString(c);
        continue;
      }
      if (c === 96) {
        this.scanTemplate();
        continue;
      }
      if (isIdentStart(c) || c === 92) {
        const start = this.pos;
        this.push(Tok.Ident, this.readIdent(), start);
        continue;
      }
      if ((c >= 48 && c <= 57) || (c === 46 && this.isDigitAt(this.pos + 1))) {
        this.scanNumber();
        continue;
      }
      switch (c) {
        case 123: {
          const block = this.braceIsBlock();
          this.punct('{');
          this.depth++;
          this.braceBlocks.push(block);
          continue;
        }
        case 125: {
          if (closing && this.depth === base) {
            this.pos++;
            return true;
          }
          this.depth = Math.max(0, this.depth - 1);
          const block = this.braceBlocks.pop() ?? true;
          this.punct('}');
          if (block) this.blockEnd = this.tokens.length - 1;
          continue;
        }
        case 40: {
          const prev = this.tokens.length - 1;
          this.parenConds.push(this.typeAt(prev) === Tok.Ident && CONDITION_KEYWORDS.has(this.valueAt(prev)));
          this.punct('(');
          this.depth++;
          continue;
        }
        case 41: {
          this.depth = Math.max(0, this.depth - 1);
          const cond = this.parenConds.pop() ?? false;
          this.punct(')');
          if (cond) this.conditionEnd = this.tokens.length - 1;
          continue;
        }
        case 91:
          this.punct('[');
          this.depth++;
          continue;
        case 93:
          this.depth = Math.max(0, this.depth - 1);
          this.punct(']');
          continue;
        case 60:
          if (!(this.options.jsx && this.regexAllowed() && this.scanJsx())) this.punct('<');
          continue;
        case 35: {
          const start = this.pos++;
          this.push(Tok.PrivateName, this.readIdent(), start);
          continue;
        }
        default:
          this.scanPunct(c);
      }
    }
    return !closing;
  }

  /** Type of token i, or 0 when there is none. */
  private typeAt(i: number): number {
    return i >= 0 && i < this.tokens.length ? this.tokens.types[i]! : 0;
  }

  private valueAt(i: number): string {
    return i >= 0 && i < this.tokens.length ? this.tokens.values[i]! : '';
  }

  private push(type: Tok, value: string, start: number): void {
    this.tokens.push(type, value, start, this.depth);
  }

  private punct(value: string): void {
    this.push(Tok.Punct, value, this.pos);
    this.pos += value.length;
  }

  private scanPunct(c: number): void {
    const src = this.src;
    const d = src.charCodeAt(this.pos + 1);
    if (c === 61 && d === 62) this.punct('=>');
    else if (c === 46 && d === 46 && src.charCodeAt(this.pos + 2) === 46) this.punct('...');
    else if (c === 63 && d === 46 && !this.isDigitAt(this.pos + 2)) this.punct('?.');
    else if ((c === 43 || c === 45) && d === c) this.punct(c === 43 ? '++' : '--');
    else this.punct(src[this.pos]!);
  }

  private isDigitAt(i: number): boolean {
    const c = this.src.charCodeAt(i);
    return c >= 48 && c <= 57;
  }

  /** Whether a `/` (or `<`) here starts an operand (regex, JSX) rather than an operator. */
  private regexAllowed(): boolean {
    const index = this.tokens.length - 1;
    const type = this.typeAt(index);
    if (type === 0) return true;
    if (type === Tok.Ident) {
      return REGEX_AFTER_KEYWORD.has(this.valueAt(index)) &&
        !(this.typeAt(index - 1) === Tok.Punct && this.valueAt(index - 1) === '.');
    }
    if (type !== Tok.Punct) return false;
    switch (this.valueAt(index)) {
      case ')':
        return index === this.conditionEnd;
      case '}':
        return index === this.blockEnd;
      case ']':
      case '++':
      case '--':
        return false;
      default:
        return true;
    }
  }

  private braceIsBlock(): boolean {
    const index = this.tokens.length - 1;
    const type = this.typeAt(index);
    if (type === 0) return true;
    const value = this.valueAt(index);
    if (type === Tok.Ident) return !EXPRESSION_BEFORE_BRACE.has(value);
    if (type !== Tok.Punct) return false;
    return value === ')' || value === ';' || value === '{' || value === '}' || value === '=>';
  }

  skipLine(): void {
    const src = this.src;
    let i = this.pos;
    while (i < this.n) {
      const c = src.charCodeAt(i);
      if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) break;
      i++;
    }
    this.pos = i;
  }

  skipBlockComment(): void {
    const end = this.src.indexOf('*/', this.pos + 2);
    this.pos = end < 0 ? this.n : end + 2;
  }

  private readIdent(): string {
    const src = this.src;
    const start = this.pos;
    let i = start;
    while (i < this.n) {
      const c = src.charCodeAt(i);
      if (isIdentPart(c)) i++;
      else if (c === 92) i += 2;
      else break;
    }
    this.pos = i;
    return src.slice(start, i);
  }

  private scanNumber(): void {
    const src = this.src;
    const start = this.pos;
    let i = start + 1;
    while (i < this.n) {
      const c = src.charCodeAt(i);
      const prev = src.charCodeAt(i - 1);
      if (isIdentPart(c) || c === 46 || ((c === 43 || c === 45) && (prev === 101 || prev === 69))) i++;
      else break;
    }
    this.pos = i;
    this.push(Tok.Number, '', start);
  }

  private scanString(quote: number): void {
    const src = this.src;
    const start = this.pos;
    let value = '';
    let chunk = ++this.pos;
    while (this.pos < this.n) {
      const c = src.charCodeAt(this.pos);
      if (c === quote) {
        value += src.slice(chunk, this.pos);
        this.pos++;
        this.push(Tok.String, value, start);
        return;
      }
      if (c === 92) {
        value += src.slice(chunk, this.pos) + unescape(src[this.pos + 1] ?? '');
        this.pos += 2;
        chunk = this.pos;
        continue;
      }
      if (c === 10 || c === 13) break;
      this.pos++;
    }
    this.push(Tok.String, value + src.slice(chunk, this.pos), start);
  }

  private scanTemplate(): void {
    const src = this.src;
    const start = this.pos++;
    let substituted = false;
    let value = '';
    let chunk = this.pos;
    while (this.pos < this.n) {
      const c = src.charCodeAt(this.pos);
      if (c === 96) {
        value += src.slice(chunk, this.pos);
        this.pos++;
        this.push(substituted ? Tok.TemplateSubst : Tok.Template, substituted ? '' : value, start);
        return;
      }
      if (c === 92) {
        value += src.slice(chunk, this.pos) + unescape(src[this.pos + 1] ?? '');
        this.pos += 2;
        chunk = this.pos;
        continue;
      }
      if (c === 36 && src.charCodeAt(this.pos + 1) === 123) {
        substituted = true;
        this.pos += 2;
        if (!this.nested()) break;
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
    this.push(Tok.TemplateSubst, '', start);
  }

  /** Scans a `${…}` or JSX `{…}` body, its tokens one level deeper; the `{` is consumed. */
  nested(): boolean {
    const saved = this.depth;
    this.depth++;
    const ok = this.scanCode(true);
    this.depth = saved;
    return ok;
  }

  private scanRegex(): boolean {
    const src = this.src;
    let inClass = false;
    for (let i = this.pos + 1; i < this.n; i++) {
      const c = src.charCodeAt(i);
      if (c === 10 || c === 13) return false;
      if (c === 92) i++;
      else if (c === 91) inClass = true;
      else if (c === 93) inClass = false;
      else if (c === 47 && !inClass) {
        i++;
        while (i < this.n && isIdentPart(src.charCodeAt(i))) i++;
        this.push(Tok.Regex, '', this.pos);
        this.pos = i;
        return true;
      }
    }
    return false;
  }

  /** Tries to read a JSX element at `<`; on a wrong guess restores everything and returns false. */
  private scanJsx(): boolean {
    if (this.jsxFailures >= MAX_JSX_FAILURES || this.looksLikeTypeAlias()) return false;
    const start = this.pos;
    const saved = {
      tokens: this.tokens.length,
      depth: this.depth,
      braces: this.braceBlocks.length,
      parens: this.parenConds.length,
      conditionEnd: this.conditionEnd,
      blockEnd: this.blockEnd,
    };
    if (jsxElement(this)) {
      this.push(Tok.Jsx, '', start);
      return true;
    }
    this.jsxFailures++;
    this.pos = start;
    this.tokens.truncate(saved.tokens);
    this.depth = saved.depth;
    this.braceBlocks.length = saved.braces;
    this.parenConds.length = saved.parens;
    this.conditionEnd = saved.conditionEnd;
    this.blockEnd = saved.blockEnd;
    return false;
  }

  /** `type F = <T>(x: T) => T` is a generic function type, not JSX. */
  private looksLikeTypeAlias(): boolean {
    const i = this.tokens.length - 1;
    return this.valueAt(i) === '=' && this.typeAt(i - 1) === Tok.Ident && this.valueAt(i - 2) === 'type';
  }
}

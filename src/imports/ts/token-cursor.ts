/** Bounds-checked reads of a token list, for the parser. */
import { Tok, type TokenList } from './tokens.js';

export interface Word {
  value: string;
  start: number;
}

export class TokenCursor {
  protected readonly n: number;

  constructor(protected readonly t: TokenList) {
    this.n = t.length;
  }

  protected type(i: number): number {
    return i >= 0 && i < this.n ? this.t.types[i]! : 0;
  }

  protected val(i: number): string {
    return i >= 0 && i < this.n ? this.t.values[i]! : '';
  }

  /** Value of token i as a string of its own: V8 slices keep the whole source alive otherwise. */
  protected own(i: number): string {
    return detach(this.val(i));
  }

  protected depth(i: number): number {
    return i >= 0 && i < this.n ? this.t.depths[i]! : -1;
  }

  protected word(i: number, value?: string): boolean {
    return this.type(i) === Tok.Ident && (value === undefined || this.t.values[i] === value);
  }

  protected is(i: number, punct: string): boolean {
    return this.type(i) === Tok.Punct && this.t.values[i] === punct;
  }

  protected at(i: number): Word {
    return { value: this.own(i), start: this.t.starts[i] ?? 0 };
  }

  protected afterDot(i: number): boolean {
    return this.is(i - 1, '.') || this.is(i - 1, '?.');
  }

  protected literalAt(i: number): boolean {
    const type = this.type(i);
    return type === Tok.String || type === Tok.Template;
  }
}

function detach(value: string): string {
  return value.length < 13 ? value : (' ' + value).slice(1);
}

/**
 * The token stream of the TS/JS scanner. Only what the import/export parser
 * needs survives: comments, whitespace and JSX text are dropped, and string
 * contents are kept only for plain literals (the only specifiers that count).
 */

export const Tok = {
  Ident: 1,
  /** A quoted string literal; `value` is its (unescaped) content. */
  String: 2,
  /** A template literal without substitutions; `value` is its content. */
  Template: 3,
  /** A template literal with `${…}`, emitted after the tokens of its substitutions. */
  TemplateSubst: 4,
  Punct: 5,
  Number: 6,
  Regex: 7,
  /** A whole JSX element, emitted after the tokens of its `{…}` expressions. */
  Jsx: 8,
  PrivateName: 9,
} as const;
export type Tok = (typeof Tok)[keyof typeof Tok];

/**
 * Tokens as parallel arrays rather than one object each: a large repository
 * has millions of tokens, and per-token objects made garbage collection the
 * main cost of a run.
 */
export class TokenList {
  length = 0;
  types = new Uint8Array(256);
  /** Offset of the first character in the source. */
  starts = new Int32Array(256);
  /** Nesting of (), [], {} and `${}`/JSX braces: 0 is the module's top level. */
  depths = new Int32Array(256);
  /** Identifier name, punctuator, or literal content; empty for numbers, regexes and JSX. */
  values: string[] = [];

  push(type: Tok, value: string, start: number, depth: number): void {
    const n = this.length;
    if (n === this.types.length) this.grow();
    this.types[n] = type;
    this.starts[n] = start;
    this.depths[n] = depth;
    this.values[n] = value;
    this.length = n + 1;
  }

  /** Empties the list, keeping its buffers for the next file. */
  reset(): void {
    this.length = 0;
  }

  truncate(length: number): void {
    this.length = length;
    this.values.length = length;
  }

  private grow(): void {
    const size = this.types.length * 2;
    const types = new Uint8Array(size);
    types.set(this.types);
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const depths = new Int32Array(size);
    depths.set(this.depths);
    this.types = types;
    this.starts = starts;
    this.depths = depths;
  }
}

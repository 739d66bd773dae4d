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

export interface Token {
  type: Tok;
  /** Identifier name, punctuator, or literal content. Empty for numbers/regexes/JSX. */
  value: string;
  /** Offset of the first character in the source. */
  start: number;
  /** Nesting of (), [], {} and `${}`/JSX braces: 0 is the module's top level. */
  depth: number;
}

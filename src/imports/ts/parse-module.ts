/**
 * Reads imports and exports off the token stream. Statements are recognised
 * only at the top level (depth 0); `import()` and `require()` anywhere.
 * Unclear syntax yields more exported names, never fewer, so the worst a
 * misparse can do is hide a finding, not invent one.
 */
import type { ImportKind, ImportedName, ModuleInfo } from './module-info.js';
import { scan } from './scanner.js';
import { lineStarts, positionAt } from './source-position.js';
import { TokenCursor, type Word } from './token-cursor.js';
import { Tok, TokenList } from './tokens.js';

/** Keywords that start a statement: a declarator list never runs past one. */
const STATEMENT_STARTS = new Set([
  'export', 'import', 'const', 'let', 'var', 'function', 'class', 'interface', 'type', 'enum',
  'declare', 'namespace', 'abstract', 'async', 'if', 'for', 'while', 'return',
]);
const MODIFIERS = new Set(['declare', 'abstract', 'async']);
const DECLARATION_STARTS = new Set([
  'declare', 'interface', 'type', 'class', 'function', 'enum', 'namespace', 'const', 'let', 'var', 'abstract',
]);
const PROMISE_MEMBERS = new Set(['then', 'catch', 'finally']);

export interface ParseOptions {
  /** .js/.jsx/.mjs/.cjs: no module syntax means CommonJS or a script, so exports are unknown. */
  isJs: boolean;
  /** .d.ts: without `export {…}`/`export =`/`export default`, every top-level declaration is exported. */
  declarationFile?: boolean;
  jsx: boolean;
  tsx: boolean;
}

/** Parsing is synchronous, so one token buffer serves every file. */
const shared = new TokenList();

export function parseModule(source: string, options: ParseOptions): ModuleInfo {
  const tokens = scan(source, { jsx: options.jsx, tsx: options.tsx }, shared);
  const info = new ModuleParser(tokens, options.isJs, options.declarationFile ?? false).parse();
  // Positions now, so the caller need not keep the source text alive.
  if (info.imports.length > 0) {
    const starts = lineStarts(source);
    for (const record of info.imports) {
      Object.assign(record, positionAt(starts, record.start));
      for (const name of record.names) Object.assign(name, positionAt(starts, name.start));
    }
  }
  return info;
}

interface Specifier {
  name: string;
  start: number;
  alias: string;
  typeOnly: boolean;
}

class ModuleParser extends TokenCursor {
  private readonly info: ModuleInfo = {
    imports: [],
    localExports: new Set(),
    reExports: [],
    stars: [],
    opaqueExports: false,
    ambientModules: [],
  };
  private moduleSyntax = false;
  private commonJs = false;
  /** Saw `export {…}`, `export * …`, `export =` or `export default`. */
  private exportDeclarations = false;

  constructor(
    t: TokenList,
    private readonly isJs: boolean,
    private readonly declarationFile: boolean,
  ) {
    super(t);
  }

  parse(): ModuleInfo {
    const types = this.t.types;
    const values = this.t.values;
    for (let i = 0; i < this.n; i++) {
      if (types[i] !== Tok.Ident) continue;
      const value = values[i]!;
      // Cheap first-letter filter: every keyword handled below starts with i, e, r, m.
      const c = value.charCodeAt(0);
      if (c !== 105 && c !== 101 && c !== 114 && c !== 109) continue;
      if (this.afterDot(i)) continue;
      switch (value) {
        case 'import':
          this.onImport(i);
          break;
        case 'export':
          if (this.depth(i) === 0) this.onExport(i);
          break;
        case 'require':
          // `import x = require('y')` is recorded by onImport.
          if (this.is(i + 1, '(') && this.literalAt(i + 2) && this.is(i + 3, ')') && !this.importEquals(i)) {
            this.add(i + 2, 'require', false, []);
          }
          break;
        case 'module':
          if (this.is(i + 1, '.') && this.val(i + 2) === 'exports') this.commonJs = true;
          else if (this.val(i - 1) === 'declare' && this.type(i + 1) === Tok.String) {
            this.info.ambientModules.push(this.own(i + 1));
          }
          break;
        case 'exports':
          if (this.is(i + 1, '.') || this.is(i + 1, '[') || (this.is(i - 1, '(') && this.is(i + 1, ','))) {
            this.commonJs = true;
          }
          break;
      }
    }
    if (this.declarationFile && !this.exportDeclarations) this.implicitExports();
    const info = this.info;
    info.opaqueExports ||= this.commonJs || (this.isJs && !this.moduleSyntax);
    return info;
  }

  private implicitExports(): void {
    for (let i = 0; i < this.n; i++) {
      if (this.depth(i) === 0 && this.word(i) && DECLARATION_STARTS.has(this.val(i)) && !this.afterDot(i) &&
        !this.word(i - 1, 'import')) {
        this.declaration(i);
      }
    }
  }

  /** `require` at i is the right side of `import x = require(…)`. */
  private importEquals(i: number): boolean {
    return this.is(i - 1, '=') && this.word(i - 2) && (this.word(i - 3, 'import') || this.word(i - 3, 'type'));
  }

  private add(spec: number, kind: ImportKind, typeOnly: boolean, names: ImportedName[]): number {
    this.info.imports.push({
      specifier: this.own(spec), start: this.t.starts[spec]!, line: 0, column: 0, kind, typeOnly, names,
    });
    return this.info.imports.length - 1;
  }

  private onImport(i: number): void {
    if (this.is(i + 1, '(')) {
      if (!this.literalAt(i + 2) || !(this.is(i + 3, ')') || this.is(i + 3, ','))) return;
      // `typeof import('x')` and `import('x').Type` are type positions (no runtime edge).
      const typeOnly = this.word(i - 1, 'typeof') ||
        (this.is(i + 4, '.') && this.word(i + 5) && !PROMISE_MEMBERS.has(this.val(i + 5)));
      this.add(i + 2, 'dynamic', typeOnly, []);
      return;
    }
    if (this.depth(i) !== 0 || this.is(i + 1, '.')) return;
    this.moduleSyntax = true;
    let j = i + 1;
    let typeOnly = false;
    if (this.word(j, 'type')) {
      if (this.is(j + 1, '{') || this.is(j + 1, '*') ||
        (this.word(j + 1) && (this.val(j + 1) !== 'from' || this.word(j + 2, 'from')))) {
        typeOnly = true;
        j++;
      }
    }
    if (this.type(j) === Tok.String) {
      this.add(j, 'side-effect', typeOnly, []);
      return;
    }
    const names: ImportedName[] = [];
    let namespace = false;
    // Phase modifiers: `import defer * as ns from`, `import source wasm from` (no names to check).
    if (this.word(j, 'defer') && this.is(j + 1, '*')) j++;
    else if (this.word(j, 'source') && this.word(j + 1) && !this.word(j + 1, 'from')) {
      j += 2;
      namespace = true;
    }
    if (!namespace && this.word(j) && !(this.word(j, 'from') && this.type(j + 1) === Tok.String)) {
      if (this.is(j + 1, '=')) {
        if (this.word(j + 2, 'require') && this.is(j + 3, '(') && this.literalAt(j + 4)) {
          this.add(j + 4, 'import-equals', typeOnly, []);
        }
        return;
      }
      names.push({ name: 'default', start: this.t.starts[j]!, line: 0, column: 0, typeOnly });
      j++;
      if (this.is(j, ',')) j++;
    }
    if (this.is(j, '*')) {
      namespace = true;
      j += 3;
    } else if (this.is(j, '{')) {
      const [specs, end] = this.specifierList(j);
      for (const s of specs) names.push({ name: s.name, start: s.start, line: 0, column: 0, typeOnly: typeOnly || s.typeOnly });
      j = end;
    }
    if (!this.word(j, 'from') || this.type(j + 1) !== Tok.String) return;
    const allTypes = names.length > 0 && !namespace && names.every((n) => n.typeOnly);
    this.add(j + 1, 'static', typeOnly || allTypes, names);
  }

  /** `{ a, b as c, type D, "e" as f }` starting at `{`; returns the specifiers and the index after `}`. */
  private specifierList(j: number): [Specifier[], number] {
    const out: Specifier[] = [];
    j++;
    while (j < this.n && !this.is(j, '}')) {
      const words: Word[] = [];
      while (j < this.n && !this.is(j, ',') && !this.is(j, '}')) words.push(this.at(j++));
      if (this.is(j, ',')) j++;
      let typeOnly = false;
      if (words[0]?.value === 'type' && words.length > 1 && !(words.length === 3 && words[1]!.value === 'as')) {
        typeOnly = true;
        words.shift();
      }
      const first = words[0];
      if (first === undefined) continue;
      const alias = words[1]?.value === 'as' && words[2] ? words[2].value : first.value;
      out.push({ name: first.value, start: first.start, alias, typeOnly });
    }
    return [out, j + 1];
  }

  private onExport(i: number): void {
    const info = this.info;
    this.moduleSyntax = true;
    let j = i + 1;
    let typeOnly = false;
    if (this.word(j, 'type') && (this.is(j + 1, '{') || this.is(j + 1, '*'))) {
      typeOnly = true;
      j++;
    }
    if (this.is(j, '*') || this.is(j, '{') || this.is(j, '=') || this.word(j, 'default')) this.exportDeclarations = true;
    if (this.is(j, '*')) {
      if (this.word(j + 1, 'as')) {
        if (j + 2 >= this.n || !this.word(j + 3, 'from') || this.type(j + 4) !== Tok.String) return;
        const record = this.add(j + 4, 'namespace-reexport', typeOnly, []);
        info.reExports.push({ exported: this.own(j + 2), imported: '*', record });
      } else if (this.word(j + 1, 'from') && this.type(j + 2) === Tok.String) {
        info.stars.push(this.add(j + 2, 'star', typeOnly, []));
      }
      return;
    }
    if (this.is(j, '{')) {
      const [specs, end] = this.specifierList(j);
      if (this.word(end, 'from') && this.type(end + 1) === Tok.String) {
        const names = specs.map((s) => ({ name: s.name, start: s.start, line: 0, column: 0, typeOnly: typeOnly || s.typeOnly }));
        const allTypes = names.length > 0 && names.every((n) => n.typeOnly);
        const record = this.add(end + 1, 'reexport', typeOnly || allTypes, names);
        for (const s of specs) info.reExports.push({ exported: s.alias, imported: s.name, record });
      } else {
        for (const s of specs) info.localExports.add(s.alias);
      }
      return;
    }
    if (this.is(j, '=')) {
      info.opaqueExports = true;
      return;
    }
    this.declaration(j);
  }

  /** `export [declare|abstract|async] (const|let|var|function|class|…) …` at token j. */
  private declaration(j: number): void {
    const exports = this.info.localExports;
    if (this.word(j, 'default')) {
      exports.add('default');
      return;
    }
    if (this.word(j, 'import') && this.word(j + 1)) {
      exports.add(this.own(j + 1));
      return;
    }
    while (this.word(j) && MODIFIERS.has(this.val(j))) j++;
    if (!this.word(j)) return;
    switch (this.val(j)) {
      case 'const':
        if (this.word(j + 1, 'enum')) this.addName(j + 2);
        else this.declarators(j + 1);
        return;
      case 'let':
      case 'var':
      case 'using':
        this.declarators(j + 1);
        return;
      case 'function':
        this.addName(this.is(j + 1, '*') ? j + 2 : j + 1);
        return;
      case 'class':
      case 'interface':
      case 'enum':
      case 'type':
      case 'namespace':
      case 'module':
        this.addName(j + 1);
        return;
    }
  }

  private addName(j: number): void {
    if (this.word(j)) this.info.localExports.add(this.own(j));
  }

  /** `a = 1, { b, c: [d] } = o, e` — the bound names of each declarator. */
  private declarators(j: number): void {
    for (;;) {
      if (j >= this.n) return;
      const depth = this.depth(j);
      if (this.word(j)) {
        const next = j + 1;
        const nextOk = next >= this.n || this.depth(next) < depth ||
          (this.type(next) === Tok.Punct && '=:,;!'.includes(this.val(next))) ||
          (this.word(next) && STATEMENT_STARTS.has(this.val(next)));
        if (!nextOk) return;
        this.info.localExports.add(this.own(j));
        j++;
      } else if (this.is(j, '{') || this.is(j, '[')) {
        j = this.bindingPattern(j);
      } else {
        return;
      }
      // Skip the type annotation and initializer up to the next declarator.
      while (j < this.n) {
        const d = this.depth(j);
        if (d < depth) return;
        if (d === depth) {
          if (this.is(j, ';')) return;
          if (this.is(j, ',')) break;
          if (this.word(j) && STATEMENT_STARTS.has(this.val(j))) return;
        }
        j++;
      }
      j++;
    }
  }

  /** Collects the names bound by a `{…}`/`[…]` pattern at j; returns the index after it. */
  private bindingPattern(j: number): number {
    const depth = this.depth(j);
    j++;
    while (j < this.n && this.depth(j) > depth) {
      if (this.is(j, '=')) {
        // A default value: skip it up to the next element of the same pattern.
        const level = this.depth(j);
        j++;
        while (j < this.n && this.depth(j) > level) j++;
        while (j < this.n && this.depth(j) === level && !this.is(j, ',')) j++;
        continue;
      }
      if (this.word(j) && this.type(j + 1) === Tok.Punct && [',', '}', ']', '='].includes(this.val(j + 1))) {
        this.info.localExports.add(this.own(j));
      }
      j++;
    }
    return j + 1;
  }
}

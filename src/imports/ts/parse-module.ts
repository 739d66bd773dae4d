/**
 * Reads imports and exports off the token stream. Statements are recognised
 * only at the top level (depth 0); `import()` and `require()` anywhere.
 * Unclear syntax yields more exported names, never fewer, so the worst a
 * misparse can do is hide a finding, not invent one.
 */
import type { ImportKind, ImportedName, ModuleInfo } from './module-info.js';
import { scan } from './scanner.js';
import { Tok, type Token } from './tokens.js';

/** Keywords that start a statement: a declarator list never runs past one. */
const STATEMENT_STARTS = new Set([
  'export', 'import', 'const', 'let', 'var', 'function', 'class', 'interface', 'type', 'enum',
  'declare', 'namespace', 'abstract', 'async', 'if', 'for', 'while', 'return',
]);
const MODIFIERS = new Set(['declare', 'abstract', 'async']);
const PROMISE_MEMBERS = new Set(['then', 'catch', 'finally']);

export interface ParseOptions {
  /** .js/.jsx/.mjs/.cjs: no module syntax means CommonJS or a script, so exports are unknown. */
  isJs: boolean;
  jsx: boolean;
  tsx: boolean;
}

export function parseModule(source: string, options: ParseOptions): ModuleInfo {
  const tokens = scan(source, { jsx: options.jsx, tsx: options.tsx });
  return new ModuleParser(tokens, options.isJs).parse();
}

interface Specifier {
  name: string;
  start: number;
  alias: string;
  typeOnly: boolean;
}

class ModuleParser {
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

  constructor(
    private readonly t: Token[],
    private readonly isJs: boolean,
  ) {}

  parse(): ModuleInfo {
    const t = this.t;
    for (let i = 0; i < t.length; i++) {
      const tok = t[i]!;
      if (tok.type !== Tok.Ident || this.afterDot(i)) continue;
      switch (tok.value) {
        case 'import':
          this.onImport(i);
          break;
        case 'export':
          if (tok.depth === 0) this.onExport(i);
          break;
        case 'require':
          if (this.is(i + 1, '(') && this.literalAt(i + 2) && this.is(i + 3, ')')) {
            this.add(t[i + 2]!, 'require', false, []);
          }
          break;
        case 'module':
          if (this.is(i + 1, '.') && t[i + 2]?.value === 'exports') this.commonJs = true;
          else if (t[i - 1]?.value === 'declare' && t[i + 1]?.type === Tok.String) {
            this.info.ambientModules.push(t[i + 1]!.value);
          }
          break;
        case 'exports':
          if (this.is(i + 1, '.') || this.is(i + 1, '[') || (this.is(i - 1, '(') && this.is(i + 1, ','))) {
            this.commonJs = true;
          }
          break;
      }
    }
    const info = this.info;
    info.opaqueExports ||= this.commonJs || (this.isJs && !this.moduleSyntax);
    return info;
  }

  private is(i: number, punct: string): boolean {
    const tok = this.t[i];
    return tok !== undefined && tok.type === Tok.Punct && tok.value === punct;
  }

  private word(i: number, value?: string): boolean {
    const tok = this.t[i];
    return tok !== undefined && tok.type === Tok.Ident && (value === undefined || tok.value === value);
  }

  private afterDot(i: number): boolean {
    return this.is(i - 1, '.') || this.is(i - 1, '?.');
  }

  private literalAt(i: number): boolean {
    const tok = this.t[i];
    return tok !== undefined && (tok.type === Tok.String || tok.type === Tok.Template);
  }

  private add(spec: Token, kind: ImportKind, typeOnly: boolean, names: ImportedName[]): number {
    this.info.imports.push({ specifier: spec.value, start: spec.start, kind, typeOnly, names });
    return this.info.imports.length - 1;
  }

  private onImport(i: number): void {
    const t = this.t;
    if (this.is(i + 1, '(')) {
      if (!this.literalAt(i + 2) || !(this.is(i + 3, ')') || this.is(i + 3, ','))) return;
      // `typeof import('x')` and `import('x').Type` are type positions (no runtime edge).
      const typeOnly = this.word(i - 1, 'typeof') ||
        (this.is(i + 4, '.') && this.word(i + 5) && !PROMISE_MEMBERS.has(t[i + 5]!.value));
      this.add(t[i + 2]!, 'dynamic', typeOnly, []);
      return;
    }
    if (t[i]!.depth !== 0 || this.is(i + 1, '.')) return;
    this.moduleSyntax = true;
    let j = i + 1;
    let typeOnly = false;
    if (this.word(j, 'type')) {
      const next = t[j + 1];
      if (this.is(j + 1, '{') || this.is(j + 1, '*') ||
        (next?.type === Tok.Ident && (next.value !== 'from' || this.word(j + 2, 'from')))) {
        typeOnly = true;
        j++;
      }
    }
    if (t[j]?.type === Tok.String) {
      this.add(t[j]!, 'side-effect', typeOnly, []);
      return;
    }
    const names: ImportedName[] = [];
    let namespace = false;
    if (this.word(j) && !(this.word(j, 'from') && t[j + 1]?.type === Tok.String)) {
      if (this.is(j + 1, '=')) {
        if (this.word(j + 2, 'require') && this.is(j + 3, '(') && this.literalAt(j + 4)) {
          this.add(t[j + 4]!, 'import-equals', typeOnly, []);
        }
        return;
      }
      names.push({ name: 'default', start: t[j]!.start, typeOnly });
      j++;
      if (this.is(j, ',')) j++;
    }
    if (this.is(j, '*')) {
      namespace = true;
      j += 3;
    } else if (this.is(j, '{')) {
      const [specs, end] = this.specifierList(j);
      for (const s of specs) names.push({ name: s.name, start: s.start, typeOnly: typeOnly || s.typeOnly });
      j = end;
    }
    if (!this.word(j, 'from') || t[j + 1]?.type !== Tok.String) return;
    const allTypes = names.length > 0 && !namespace && names.every((n) => n.typeOnly);
    this.add(t[j + 1]!, 'static', typeOnly || allTypes, names);
  }

  /** `{ a, b as c, type D, "e" as f }` starting at `{`; returns the specifiers and the index after `}`. */
  private specifierList(j: number): [Specifier[], number] {
    const t = this.t;
    const out: Specifier[] = [];
    j++;
    while (j < t.length && !this.is(j, '}')) {
      const words: Token[] = [];
      while (j < t.length && !this.is(j, ',') && !this.is(j, '}')) words.push(t[j++]!);
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
    const t = this.t;
    const info = this.info;
    this.moduleSyntax = true;
    let j = i + 1;
    let typeOnly = false;
    if (this.word(j, 'type') && (this.is(j + 1, '{') || this.is(j + 1, '*'))) {
      typeOnly = true;
      j++;
    }
    if (this.is(j, '*')) {
      if (this.word(j + 1, 'as')) {
        const ns = t[j + 2];
        if (ns === undefined || !this.word(j + 3, 'from') || t[j + 4]?.type !== Tok.String) return;
        const record = this.add(t[j + 4]!, 'namespace-reexport', typeOnly, []);
        info.reExports.push({ exported: ns.value, imported: '*', record });
      } else if (this.word(j + 1, 'from') && t[j + 2]?.type === Tok.String) {
        info.stars.push(this.add(t[j + 2]!, 'star', typeOnly, []));
      }
      return;
    }
    if (this.is(j, '{')) {
      const [specs, end] = this.specifierList(j);
      if (this.word(end, 'from') && t[end + 1]?.type === Tok.String) {
        const names = specs.map((s) => ({ name: s.name, start: s.start, typeOnly: typeOnly || s.typeOnly }));
        const allTypes = names.length > 0 && names.every((n) => n.typeOnly);
        const record = this.add(t[end + 1]!, 'reexport', typeOnly || allTypes, names);
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
    const t = this.t;
    const exports = this.info.localExports;
    if (this.word(j, 'default')) {
      exports.add('default');
      return;
    }
    if (this.word(j, 'import') && this.word(j + 1)) {
      exports.add(t[j + 1]!.value);
      return;
    }
    while (this.word(j) && MODIFIERS.has(t[j]!.value)) j++;
    const keyword = t[j];
    if (keyword === undefined || keyword.type !== Tok.Ident) return;
    switch (keyword.value) {
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
    const tok = this.t[j];
    if (tok !== undefined && tok.type === Tok.Ident) this.info.localExports.add(tok.value);
  }

  /** `a = 1, { b, c: [d] } = o, e` — the bound names of each declarator. */
  private declarators(j: number): void {
    const t = this.t;
    for (;;) {
      const tok = t[j];
      if (tok === undefined) return;
      const depth = tok.depth;
      if (tok.type === Tok.Ident) {
        const next = t[j + 1];
        const nextOk = next === undefined || next.depth < depth ||
          (next.type === Tok.Punct && '=:,;!'.includes(next.value)) ||
          (next.type === Tok.Ident && STATEMENT_STARTS.has(next.value));
        if (!nextOk) return;
        this.info.localExports.add(tok.value);
        j++;
      } else if (this.is(j, '{') || this.is(j, '[')) {
        j = this.bindingPattern(j);
      } else {
        return;
      }
      // Skip the type annotation and initializer up to the next declarator.
      while (j < t.length) {
        const cur = t[j]!;
        if (cur.depth < depth) return;
        if (cur.depth === depth) {
          if (cur.type === Tok.Punct && (cur.value === ';' || cur.value === '}')) return;
          if (cur.type === Tok.Punct && cur.value === ',') break;
          if (cur.type === Tok.Ident && STATEMENT_STARTS.has(cur.value)) return;
        }
        j++;
      }
      j++;
    }
  }

  /** Collects the names bound by a `{…}`/`[…]` pattern at j; returns the index after it. */
  private bindingPattern(j: number): number {
    const t = this.t;
    const depth = t[j]!.depth;
    j++;
    while (j < t.length && t[j]!.depth > depth) {
      const tok = t[j]!;
      if (tok.type === Tok.Punct && tok.value === '=') {
        // A default value: skip it up to the next element of the same pattern.
        const level = tok.depth;
        j++;
        while (j < t.length && t[j]!.depth > level) j++;
        while (j < t.length && t[j]!.depth === level && !this.is(j, ',')) j++;
        continue;
      }
      if (tok.type === Tok.Ident) {
        const next = t[j + 1];
        if (next?.type === Tok.Punct && [',', '}', ']', '='].includes(next.value)) {
          this.info.localExports.add(tok.value);
        }
      }
      j++;
    }
    return j + 1;
  }
}

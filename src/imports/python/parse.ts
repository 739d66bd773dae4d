/**
 * Module-level structure of a Python file from its logical lines: a block
 * stack by indentation tells module level from def/class bodies and which
 * guards (try/except ImportError, if TYPE_CHECKING, platform checks, …)
 * surround each import.
 */
import { type Block, classifyCondition, guardOf, headerColon } from './blocks.js';
import type { ModuleInfo, PyImport } from './module-info.js';
import { type LogicalLine, type Token, tokenize } from './tokenize.js';
import { bindTargets, handleAll, parseImport, splitTopLevel } from './statements.js';


const COMPOUND = new Set(['if', 'elif', 'else', 'try', 'except', 'finally', 'for', 'while', 'with', 'def', 'class', 'async', 'match', 'case']);

/** First words of the lines inside def/class bodies that still matter: imports, globals and block structure. */
const NESTED_WORDS = new Set(['import', 'from', 'global', 'def', 'class', 'async', 'if', 'elif', 'else', 'try', 'except', 'finally', 'for', 'while', 'with', 'match', 'case']);

export function parseModule(source: string): ModuleInfo {
  const parser = new ModuleParser();
  tokenize(source, {
    wantTokens: (indent, firstWord) => {
      parser.enter(indent);
      return parser.moduleLevelNow || NESTED_WORDS.has(firstWord);
    },
    onLine: (line) => parser.line(line),
  });
  return parser.finish();
}

class ModuleParser {
  readonly info: ModuleInfo = { imports: [], bindings: new Set(), defined: new Set(), allDynamic: false, dynamic: false, skipped: new Set() };
  private stack: Block[] = [];
  /** The last compound statement opened at each indentation, for elif/else/except chains. */
  private siblings = new Map<number, Block>();
  private chains = new Map<PyImport, Block[]>();

  /** A logical line starts at this indentation: close the blocks it ends. */
  enter(indent: number): void {
    let popped = false;
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.indent >= indent) {
      this.stack.pop();
      popped = true;
    }
    if (popped) {
      let scopes = 0;
      for (const block of this.stack) if (block.scope) scopes++;
      this.scopes = scopes;
    }
    if (this.siblings.size > 0) for (const key of this.siblings.keys()) if (key > indent) this.siblings.delete(key);
  }

  line(line: LogicalLine): void {
    this.enter(line.indent);
    this.statement(line.tokens, line.indent);
  }

  finish(): ModuleInfo {
    for (const [entry, chain] of this.chains) entry.guard = guardOf(chain);
    return this.info;
  }

  private scopes = 0;

  get moduleLevelNow(): boolean {
    return this.scopes === 0;
  }

  private get moduleLevel(): boolean {
    return !this.stack.some((block) => block.scope);
  }

  private statement(tokens: Token[], indent: number): void {
    const first = tokens[0];
    if (!first) return;
    if (first.kind === 'name' && COMPOUND.has(first.value) && this.isCompound(tokens)) {
      const colon = headerColon(tokens);
      const header = tokens.slice(0, colon === -1 ? tokens.length : colon);
      const block = this.openBlock(header, indent);
      this.stack.push(block);
      if (block.scope) this.scopes++;
      if (colon !== -1 && colon + 1 < tokens.length) {
        for (const part of splitTopLevel(tokens.slice(colon + 1), ';')) this.simple(part);
      }
      return;
    }
    this.siblings.delete(indent);
    for (const part of splitTopLevel(tokens, ';')) this.simple(part);
  }

  private isCompound(tokens: Token[]): boolean {
    const first = tokens[0]!.value;
    if (first !== 'match' && first !== 'case') return true;
    const second = tokens[1];
    // Soft keywords: `match = …`, `match.group(…)` are ordinary statements.
    return second !== undefined && !(second.kind === 'op' && !['(', '[', '{', '-', '*'].includes(second.value)) && headerColon(tokens) !== -1;
  }

  private openBlock(header: Token[], indent: number): Block {
    let keyword = header[0]!.value;
    let rest = header.slice(1);
    if (keyword === 'async') {
      keyword = rest[0]?.value ?? 'async';
      rest = rest.slice(1);
    }
    const outer = this.moduleLevel;
    const block: Block = { indent, kind: keyword, scope: false, lazy: false, catchModule: false, catchName: false, typeChecking: false, platform: false };
    const previous = this.siblings.get(indent);
    switch (keyword) {
      case 'def':
      case 'class': {
        block.scope = true;
        block.lazy = keyword === 'def' || this.stack.some((b) => b.lazy);
        const name = rest[0];
        if (outer && name?.kind === 'name') {
          this.info.bindings.add(name.value);
          this.info.defined.add(name.value);
          if (name.value === '__getattr__' && keyword === 'def') this.info.dynamic = true;
        }
        break;
      }
      case 'if':
      case 'elif':
        classifyCondition(block, rest);
        if (keyword === 'elif' && previous?.platform) block.platform = true;
        break;
      case 'else':
        if (previous?.kind === 'if' || previous?.kind === 'elif') block.platform = previous.platform;
        if (previous?.kind === 'try' || previous?.kind === 'except') block.tryBlock = previous.tryBlock ?? previous;
        break;
      case 'try':
        break;
      case 'except': {
        const tryBlock = previous?.tryBlock ?? previous;
        if (tryBlock) {
          const names = rest.filter((t) => t.kind === 'name').map((t) => t.value);
          const caught = names.filter((name) => name !== 'as');
          const asIndex = rest.findIndex((t) => t.value === 'as');
          const types = asIndex === -1 ? caught : rest.slice(0, asIndex).filter((t) => t.kind === 'name').map((t) => t.value);
          const bare = types.length === 0 || (types.length === 1 && types[0] === '*');
          if (bare || types.some((t) => t === 'ImportError' || t === 'Exception' || t === 'BaseException')) {
            tryBlock.catchModule = tryBlock.catchName = true;
          } else if (types.includes('ModuleNotFoundError')) {
            tryBlock.catchModule = true;
          }
          block.tryBlock = tryBlock;
        }
        if (outer) {
          const asIndex = rest.findIndex((t) => t.value === 'as');
          const bound = asIndex === -1 ? undefined : rest[asIndex + 1];
          if (bound?.kind === 'name') this.info.bindings.add(bound.value);
        }
        break;
      }
      case 'for': {
        const inIndex = rest.findIndex((t) => t.kind === 'name' && t.value === 'in');
        if (outer) bindTargets(rest.slice(0, inIndex === -1 ? rest.length : inIndex), this.info.bindings);
        break;
      }
      case 'with':
        this.withHeader(block, rest, outer);
        break;
      default:
        break;
    }
    if (keyword !== 'def' && keyword !== 'class') this.siblings.set(indent, block);
    else this.siblings.delete(indent);
    if (outer && keyword !== 'def' && keyword !== 'class') this.scanExpressions(header);
    return block;
  }

  private withHeader(block: Block, items: Token[], outer: boolean): void {
    for (let i = 0; i < items.length; i++) {
      const token = items[i]!;
      // contextlib.suppress(ImportError), pytest.raises(ImportError)
      if ((token.value === 'suppress' || token.value === 'raises') && items[i + 1]?.value === '(') {
        const args = items.slice(i + 2, items.findIndex((t, k) => k > i && t.value === ')'));
        const names = args.map((t) => t.value);
        if (names.some((n) => n === 'ImportError' || n === 'Exception' || n === 'BaseException')) block.catchModule = block.catchName = true;
        else if (names.includes('ModuleNotFoundError')) block.catchModule = true;
      }
    }
    if (!outer) return;
    for (const part of splitTopLevel(items, ',')) {
      const asIndex = part.findIndex((t) => t.kind === 'name' && t.value === 'as');
      if (asIndex !== -1) bindTargets(part.slice(asIndex + 1), this.info.bindings);
    }
  }

  private simple(tokens: Token[]): void {
    const first = tokens[0];
    if (!first) return;
    const outer = this.moduleLevel;
    if (first.kind === 'name' && (first.value === 'import' || first.value === 'from')) {
      const entries = parseImport(tokens);
      const lazy = this.stack.some((block) => block.lazy);
      for (const entry of entries) {
        if (entry.module === '__future__' && entry.level === 0) continue;
        entry.lazy = lazy;
        this.info.imports.push(entry);
        this.chains.set(entry, [...this.stack]);
        if (!outer) continue;
        if (!entry.from) {
          const asName = entry.names[0]?.asName;
          this.info.bindings.add(asName ?? entry.module.split('.')[0]!);
        } else {
          for (const name of entry.names) this.info.bindings.add(name.asName ?? name.name);
        }
      }
      return;
    }
    if (first.kind === 'name' && (first.value === 'global' || first.value === 'nonlocal')) {
      // `global x` in a function body makes its assignments module attributes.
      if (first.value === 'global') for (const token of tokens.slice(1)) if (token.kind === 'name') this.info.bindings.add(token.value);
      return;
    }
    this.scanExpressions(tokens);
    if (!outer) return;
    if (handleAll(tokens, this.info)) return;
    if (first.value === 'type' && tokens[1]?.kind === 'name' && tokens.some((t) => t.value === '=')) {
      this.info.bindings.add(tokens[1].value); // PEP 695 `type X = …`
      return;
    }
    const lambda = tokens.findIndex((t) => t.kind === 'name' && t.value === 'lambda');
    const scan = lambda === -1 ? tokens : tokens.slice(0, lambda);
    const parts = splitTopLevel(scan, '=');
    if (parts.length > 1) {
      for (const target of parts.slice(0, -1)) this.assignTarget(target);
    } else {
      const augmented = tokens.findIndex((t) => t.kind === 'op' && /^[-+*/%&|^@<>]+=$|^\*\*=$|^\/\/=$/.test(t.value));
      if (augmented > 0) this.assignTarget(tokens.slice(0, augmented));
      else if (splitTopLevel(scan, ':').length > 1) this.assignTarget(scan); // `x: int` declares x
    }
  }

  private assignTarget(target: Token[]): void {
    const colon = splitTopLevel(target, ':');
    const names = colon.length > 1 ? colon[0]! : target;
    bindTargets(names, this.info.bindings);
    bindTargets(names, this.info.defined);
    // `__getattr__ = …` (lazy_loader.attach, …) is PEP 562 too.
    if (names.some((token) => token.value === '__getattr__')) this.info.dynamic = true;
  }

  /** Walrus bindings, importorskip and dynamic-module tricks anywhere in a statement. */
  private scanExpressions(tokens: Token[]): void {
    const outer = this.moduleLevel;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.kind !== 'name') continue;
      const next = tokens[i + 1];
      if (outer && next?.value === ':=') this.info.bindings.add(token.value);
      if ((token.value === 'importorskip' || token.value === 'import_module') && next?.value === '(') {
        const arg = tokens[i + 2];
        if (token.value === 'importorskip' && arg?.text !== undefined) this.info.skipped.add(arg.text);
      }
      if (!outer) continue;
      if (token.value === 'globals' && next?.value === '(') this.info.dynamic = true;
      // Import hooks serve submodules no file shows (setuptools' and pkg_resources' `extern`).
      if (token.value === 'meta_path' || token.value === 'VendorImporter') this.info.dynamic = true;
      // `sys.modules[__name__] = …` replaces the module; `sys.modules["pkg.sub"] = …` invents submodules (six, py).
      if (token.value === 'modules' && tokens[i - 1]?.value === '.' && tokens[i - 2]?.value === 'sys' && next?.value === '[') {
        const close = tokens.findIndex((t, k) => k > i && t.value === ']');
        if (close !== -1 && tokens[close + 1]?.value === '=') this.info.dynamic = true;
      }
    }
  }
}

/** Simple-statement helpers of the Python parser: import statements, assignment targets, `__all__`. */
import type { ModuleInfo, PyImport, PyImportedName } from './module-info.js';
import type { Token } from './tokenize.js';

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/** Splits at an operator that is outside brackets (`;`, `,`, `=`, `:`). */
export function splitTopLevel(tokens: readonly Token[], separator: string): Token[][] {
  const parts: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'op') {
      const v = token.value;
      if (v === '(' || v === '[' || v === '{') depth++;
      else if (v === ')' || v === ']' || v === '}') depth--;
      else if (v === separator && depth === 0) {
        parts.push(current);
        current = [];
        continue;
      }
    }
    current.push(token);
  }
  if (current.length > 0 || parts.length > 0) parts.push(current);
  return parts;
}

/** Names bound by an assignment target list: `a`, `a, (b, *c)`, not `a.b` or `a[0]`. */
export function bindTargets(tokens: readonly Token[], into: Set<string>): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'name' || KEYWORDS.has(token.value)) continue;
    const previous = tokens[i - 1]?.value;
    const next = tokens[i + 1]?.value;
    if (previous === '.' || next === '.' || next === '[' || next === '(') continue;
    into.add(token.value);
  }
}

function dotted(tokens: readonly Token[], start: number): { name: string; end: number } {
  let name = '';
  let i = start;
  while (tokens[i]?.kind === 'name' && tokens[i]!.value !== 'import') {
    name += tokens[i]!.value;
    if (tokens[i + 1]?.value !== '.' || tokens[i + 2]?.kind !== 'name') {
      i++;
      break;
    }
    name += '.';
    i += 2;
  }
  return { name, end: i };
}

const NO_GUARD = { module: false, name: false, typeChecking: false };

/** `import a.b as c, d` → two entries; `from ..x import (a as b, c)` → one. */
export function parseImport(tokens: readonly Token[]): PyImport[] {
  const first = tokens[0]!;
  if (first.value === 'import') {
    return splitTopLevel(tokens.slice(1), ',').flatMap((part) => {
      const head = part[0];
      if (head?.kind !== 'name') return [];
      const { name, end } = dotted(part, 0);
      const asName = part[end]?.value === 'as' ? part[end + 1]?.value : undefined;
      return [{
        from: false, level: 0, module: name, line: head.line, col: head.col, star: false, guard: { ...NO_GUARD }, lazy: false,
        names: asName ? [{ name, asName, line: head.line, col: head.col }] : [],
      }];
    });
  }
  let i = 1;
  let level = 0;
  const start = tokens[1];
  if (!start) return [];
  while (tokens[i]?.value === '.' || tokens[i]?.value === '...') level += tokens[i++]!.value.length;
  const { name: module, end } = dotted(tokens, i);
  if (tokens[end]?.value !== 'import') return [];
  const names: PyImportedName[] = [];
  let star = false;
  for (const part of splitTopLevel(tokens.slice(end + 1).filter((t) => t.value !== '(' && t.value !== ')'), ',')) {
    const head = part[0];
    if (!head) continue;
    if (head.value === '*') {
      star = true;
      continue;
    }
    if (head.kind !== 'name') continue;
    const asName = part[1]?.value === 'as' ? part[2]?.value : undefined;
    names.push({ name: head.value, line: head.line, col: head.col, ...(asName ? { asName } : {}) });
  }
  return [{ from: true, level, module, line: start.line, col: start.col, names, star, guard: { ...NO_GUARD }, lazy: false }];
}

/**
 * `__all__ = [...]`, `+= [...]`, `.extend([...])`, `.append('x')`, `.remove('x')`.
 * Returns true when the statement was about `__all__`.
 */
export function handleAll(tokens: readonly Token[], info: ModuleInfo): boolean {
  if (tokens[0]?.value !== '__all__') return false;
  const op = tokens[1]?.value;
  let rest: readonly Token[];
  let mode: 'set' | 'add' | 'remove';
  if (op === '=' || op === ':') {
    const equals = tokens.findIndex((t) => t.value === '=');
    if (equals === -1) return true;
    rest = tokens.slice(equals + 1);
    mode = 'set';
  } else if (op === '+=' || op === '|=') {
    rest = tokens.slice(2);
    mode = 'add';
  } else if (op === '.' && ['extend', 'append', 'remove', 'insert'].includes(tokens[2]?.value ?? '')) {
    rest = tokens.slice(3);
    mode = tokens[2]!.value === 'remove' ? 'remove' : 'add';
  } else {
    return false;
  }
  info.bindings.add('__all__');
  const strings = rest.filter((t) => t.kind === 'string');
  const computed = rest.some((t) => (t.kind === 'name' && t.value !== '__all__' && t.value !== 'insert') || (t.kind === 'string' && t.text === undefined));
  if (computed) info.allDynamic = true;
  const entries = strings.filter((t) => t.text !== undefined).map((t) => ({ name: t.text!, line: t.line, col: t.col }));
  if (mode === 'set') info.all = entries;
  else if (mode === 'add') info.all = [...(info.all ?? []), ...entries];
  else info.all = (info.all ?? []).filter((entry) => !entries.some((removed) => removed.name === entry.name));
  return true;
}
